/**
 * The AWS SDK v2 default credential chain for the {@code bedrock} provider of {@code
 * io.vectornode.providers}.
 */
module io.vectornode.bedrock {
  requires io.vectornode.providers;
  requires static org.jspecify;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.identity.spi;

  exports io.vectornode.bedrock;

  provides io.vectornode.providers.bedrock.AwsCredentialsSourceFactory with
      io.vectornode.bedrock.AwsSdkCredentials;
}
