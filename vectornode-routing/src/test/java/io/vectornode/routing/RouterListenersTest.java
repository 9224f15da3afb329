package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.CallEndEvent;
import io.vectornode.CallStartEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.testing.RecordingModelCallListener;
import org.junit.jupiter.api.Test;

class RouterListenersTest {
  @Test
  void startEventsAreBuiltOnlyForListenersThatOverrideOnCallStart() {
    ModelCallListener endsOnly = new ModelCallListener() {
      @Override
      public void onCallEnd(CallEndEvent e) {}
    };
    ModelCallListener starts = new ModelCallListener() {
      @Override
      public void onCallStart(CallStartEvent e) {}
    };
    assertThat(Router.overridesCallStart(endsOnly)).isFalse();
    assertThat(Router.overridesCallStart(new ModelCallListener() {})).isFalse();
    assertThat(Router.overridesCallStart(starts)).isTrue();
    assertThat(Router.overridesCallStart(new RecordingModelCallListener())).isTrue();
  }

  @Test
  void requestIds_areVnAnd20HexDigits_andDiffer() {
    String a = CallRecord.newRequestId();
    String b = CallRecord.newRequestId();
    assertThat(a).matches("vn-[0-9a-f]{20}");
    assertThat(b).matches("vn-[0-9a-f]{20}").isNotEqualTo(a);
  }
}
