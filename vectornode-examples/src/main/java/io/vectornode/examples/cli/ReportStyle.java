package io.vectornode.examples.cli;

/** The report page's style sheet, inlined into the page (no font or sheet is fetched). */
final class ReportStyle {
  static final String CSS = """
      :root{--fg:#1f2933;--muted:#667085;--line:#e4e7ec;--bg:#f5f6f8;--card:#fff;
      --warn:#a15c07;--warnbg:#fffaeb;--warnline:#fec84b}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%}
      body{margin:0;background:var(--bg);color:var(--fg);
      font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
      "Noto Sans",sans-serif}
      main{max-width:1240px;margin:0 auto;padding:28px 24px 40px}
      header h1{font-size:26px;line-height:1.2;margin:0 0 6px;font-weight:700;
      letter-spacing:-.01em}
      header .sub{margin:0;color:var(--muted);font-size:14px}
      header .sub b{color:var(--fg);font-weight:600}
      code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
      background:#eef0f3;border-radius:4px;padding:1px 5px;overflow-wrap:anywhere}
      .alert{margin:18px 0 0;background:var(--warnbg);border:1px solid var(--warnline);
      border-radius:10px;padding:10px 16px;color:#7a4504;font-size:14px}
      .alert ul{margin:0;padding-left:18px}.alert li{margin:3px 0}
      .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:12px;
      margin:18px 0}
      .card.wide{grid-column:span 2}
      .card.wide .v{font-size:30px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:10px;
      padding:12px;box-shadow:0 1px 2px rgba(16,24,40,.04);min-width:0}
      .card .k{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
      font-weight:600;white-space:nowrap}
      .card .v{font-size:21px;font-weight:700;margin-top:2px;font-variant-numeric:tabular-nums;
      line-height:1.25;overflow-wrap:anywhere}
      .card .d{font-size:12.5px;color:var(--muted)}
      .card.warn{border-color:var(--warnline);background:var(--warnbg)}
      .card.warn .v{color:var(--warn)}
      .panel{background:var(--card);border:1px solid var(--line);border-radius:12px;
      padding:18px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(16,24,40,.04);min-width:0}
      .panel h2{font-size:17px;margin:0 0 2px;font-weight:650}
      .panel h3{font-size:13px;margin:14px 0 2px;color:#344054;font-weight:600}
      .panel .head{display:flex;justify-content:space-between;align-items:center;gap:12px}
      p.note{margin:0 0 10px;color:var(--muted);font-size:13px}
      .grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:0 16px}
      .grid2>.panel{margin:16px 0}
      .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;margin:8px 0 4px}
      .legend span{white-space:nowrap}
      .legend span::before{content:"";display:inline-block;width:11px;height:11px;
      border-radius:3px;margin-right:6px;vertical-align:-1px;background:var(--c)}
      svg.chart{width:100%;height:auto;display:block;margin-top:4px}
      svg .tick{font-size:12px;fill:#667085}
      svg .axis-title{font-size:12px;fill:#475467;font-weight:600}
      svg .label{font-size:13px;fill:#1f2933}
      svg .value{font-size:12.5px;fill:#475467}
      .scroll{overflow-x:auto}
      table.data{width:100%;border-collapse:collapse;font-size:13.5px;
      font-variant-numeric:tabular-nums;margin-top:6px}
      table.data th{font-weight:600;text-align:left;color:var(--muted);font-size:11.5px;
      text-transform:uppercase;letter-spacing:.05em;border-bottom:1px solid var(--line);
      padding:8px 10px;white-space:nowrap}
      table.data td{padding:6px 10px;border-bottom:1px solid #f0f2f5}
      table.data tbody tr:hover{background:#f9fafb}
      table.data .num{text-align:right;white-space:nowrap}
      table.data tfoot td{font-weight:700;border-top:2px solid var(--line);border-bottom:0}
      td.key{max-width:260px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
      td.bar{width:18%;min-width:70px}
      td.bar i{display:block;height:10px;border-radius:5px;background:var(--c);min-width:2px}
      .swatch{display:inline-block;width:10px;height:10px;border-radius:3px;margin-right:8px}
      .pill{display:inline-block;padding:0 7px;border-radius:999px;background:#fef0c7;
      color:#93370d;font-size:11.5px;font-weight:600;margin-left:4px}
      a.button{display:inline-block;padding:6px 12px;border:1px solid var(--line);
      border-radius:8px;text-decoration:none;color:var(--fg);background:#fff;font-size:13px;
      font-weight:600;white-space:nowrap}
      a.button:hover{background:#f2f4f7}
      footer{color:var(--muted);font-size:12.5px;margin-top:22px;max-width:900px}
      footer p{margin:6px 0}
      @media (max-width:640px){main{padding:16px 12px}.grid2{grid-template-columns:1fr}
      .card .v{font-size:20px}}
      @media print{body{background:#fff}.panel,.card{box-shadow:none}a.button{display:none}}
      """;

  private ReportStyle() {}
}
