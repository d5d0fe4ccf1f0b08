using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ScSession.Internal;

/// <summary>
/// The inspector's HTML: a self-contained page with no script (its Content-Security-Policy allows none), every value
/// HTML-encoded. The compact view (<c>?view=compact</c>) leaves out the page's header, for a panel in the application.
/// </summary>
internal static class InspectorPage
{
    private const string Style = """
        :root { color-scheme: light dark; --fg: #1d1d1b; --bg: #fafaf7; --card: #fff; --muted: #6b6b66; --bar: #2f6f4f; --line: #8884; }
        @media (prefers-color-scheme: dark) { :root { --fg: #ececea; --bg: #17181a; --card: #222427; --muted: #9b9b96; --bar: #7cc59f; } }
        body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0; padding: 1rem; }
        body.compact { padding: .5rem; font-size: 13px; background: transparent; }
        h1 { font-size: 1.3rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; } h3 { font-size: .95rem; margin: 0 0 .3rem; }
        .muted, small { color: var(--muted); font-weight: normal; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
        dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
        .bars { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr max-content; gap: .3rem .6rem; align-items: center; }
        .track { height: .7rem; background: var(--line); border-radius: 3px; overflow: hidden; }
        .fill { display: block; height: 100%; background: var(--bar); }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 4px; padding: .6rem .8rem; margin: .6rem 0; }
        pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85em; }
        """;

    public static string Render(SessionInspection inspection, bool compact)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>ScSession inspector</title><style>").Append(Style).Append("</style></head>\n")
            .Append(compact ? "<body class=\"compact\">\n" : "<body>\n");
        if (!compact)
        {
            html.Append("<h1>Session inspector</h1><p class=\"muted\">This request's session, as the server loaded it. Development only: never the cookie's value or a key.</p>\n");
        }

        Facts(html, inspection);
        if (inspection.PublicId is null)
        {
            html.Append("<p id=\"no-session\">No session: this request carried no session cookie, or it was refused (expired, tampered, another key). Use the application, then reload.</p>\n");
        }
        else
        {
            Sections(html, inspection);
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void Facts(StringBuilder html, SessionInspection s)
    {
        html.Append("<dl id=\"facts\">");
        Fact(html, "Store", s.InCookie ? $"cookie ({Count(s.Cookies, "cookie")} on this request)" : $"{s.Store} (its ID in {Count(s.Cookies, "cookie")})");
        if (s.PublicId is not null)
        {
            Fact(html, "Public ID", s.PublicId);
            Fact(html, "Created", Time(s.CreatedAt, s.Now));
            Fact(html, "Last seen", Time(s.LastSeenAt, s.Now));
            Fact(html, "Idle expiry", Time(s.IdleExpiresAt, s.Now));
            Fact(html, "Absolute expiry", Time(s.AbsoluteExpiresAt, s.Now));
            Fact(html, "Size", Invariant($"{s.Size:N0} of {s.Budget:N0} {s.SizeUnit} ({Percent(s.Size, s.Budget):0.#} %)"));
        }

        html.Append("</dl>\n");
    }

    private static void Sections(StringBuilder html, SessionInspection s)
    {
        html.Append("<h2>Sections <small>against the budget of ").Append(Invariant($"{s.Budget:N0} {s.SizeUnit}")).Append("</small></h2>\n");
        if (s.Sections.Count == 0)
        {
            html.Append("<p id=\"no-sections\" class=\"muted\">The session holds no sections.</p>\n");
            return;
        }

        html.Append("<div class=\"bars\" id=\"bars\">");
        foreach (var section in s.Sections)
        {
            html.Append("<span>").Append(Encode(section.Name)).Append("</span><span class=\"track\"><span class=\"fill\" style=\"width:")
                .Append(Invariant($"{Math.Min(100, Percent(section.BudgetShare, s.Budget)):0.##}")).Append("%\"></span></span><span class=\"muted\">")
                .Append(Invariant($"{section.Bytes:N0} B")).Append("</span>");
        }

        html.Append("</div>\n");
        foreach (var section in s.Sections)
        {
            html.Append("<section data-section=\"").Append(Encode(section.Name)).Append("\"><h3>").Append(Encode(section.Name))
                .Append(Invariant($" <small>{section.Bytes:N0} bytes</small>")).Append("</h3><pre>")
                .Append(section.Json is not null ? Encode(section.Json) : "not JSON; base64: " + Encode(section.Base64!))
                .Append("</pre></section>\n");
        }
    }

    private static void Fact(StringBuilder html, string name, string value)
        => html.Append("<dt>").Append(name).Append("</dt><dd>").Append(Encode(value)).Append("</dd>");

    private static string Time(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } value)
        {
            return "";
        }

        var delta = value - now;
        var span = delta.Duration();
        var amount = span < TimeSpan.FromMinutes(1) ? Invariant($"{span.TotalSeconds:0} s")
            : span < TimeSpan.FromHours(1) ? Invariant($"{span.TotalMinutes:0} min")
            : span < TimeSpan.FromDays(2) ? Invariant($"{(int)span.TotalHours} h {span.Minutes} min")
            : Invariant($"{span.TotalDays:0} days");
        return value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) + (delta >= TimeSpan.Zero ? $" (in {amount})" : $" ({amount} ago)");
    }

    private static string Count(int count, string noun) => Invariant($"{count} {noun}{(count == 1 ? "" : "s")}");

    private static double Percent(int part, int whole) => whole <= 0 ? 0 : 100.0 * part / whole;

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
