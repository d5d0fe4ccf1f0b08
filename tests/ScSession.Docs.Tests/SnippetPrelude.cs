namespace ScSession.Docs.Tests;

/// <summary>
/// What a documentation snippet may use without declaring it, compiled next to every snippet as a file of its own.
/// </summary>
/// <remarks>
/// <para><b>Usings</b>: the ASP.NET Core web SDK's implicit usings, plus <c>using ScSession;</c> (the one line the
/// package asks for) and <c>Xunit</c> (what the xunit project template adds, for snippets that show a test). Any other
/// namespace a snippet needs, it must import itself, as the reader would have to.</para>
/// <para><b>Variables</b> (static properties imported with <c>global using static</c>, so a snippet that declares its
/// own <c>builder</c> or <c>app</c> simply shadows them): <c>builder</c> (<c>WebApplicationBuilder</c>), <c>app</c>
/// (<c>WebApplication</c>), <c>context</c> (<c>HttpContext</c>), <c>connectionString</c> and <c>userId</c>
/// (<c>string</c>). They are only ever compiled, never run.</para>
/// <para><b>Types</b> that the README declares once and uses again further down: <c>CartSession</c> (with
/// <c>List&lt;string&gt; Items</c>, as in the first example), <c>CartLine</c>, the <c>Theme</c> enum,
/// <c>PreferencesSession</c> (with a <c>Theme</c>), <c>Program</c> (the application under test) and <c>MyStore</c> (an
/// <c>ISessionStore</c> of the reader's own). They live in a
/// namespace of their own, imported with a global using: a snippet that declares a type of the same name in the
/// global namespace uses its own, since C# finds declared types before imported ones. Their section names start with
/// <c>assumed-</c>, so they never collide with a snippet's model (SCSN0006).</para>
/// </remarks>
internal static class SnippetPrelude
{
    public const string FileName = "SnippetPrelude.cs";

    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        global using ScSession;
        global using Xunit;
        global using static DocsPrelude.Assumed;
        global using DocsPrelude.Types;

        namespace DocsPrelude
        {
            public static class Assumed
            {
                public static WebApplicationBuilder builder => throw new NotSupportedException("compiled, never run");
                public static WebApplication app => throw new NotSupportedException("compiled, never run");
                public static HttpContext context => throw new NotSupportedException("compiled, never run");
                public static string connectionString => throw new NotSupportedException("compiled, never run");
                public static string userId => throw new NotSupportedException("compiled, never run");
            }
        }

        namespace DocsPrelude.Types
        {
            [SessionModel(Name = "assumed-cart")]
            public partial class CartSession
            {
                public partial List<string> Items { get; set; }
            }

            public sealed class CartLine
            {
                public string Sku { get; set; } = "";
                public int Quantity { get; set; }
            }

            public enum Theme { Light, Dark }

            [SessionModel(Name = "assumed-preferences")]
            public partial class PreferencesSession
            {
                public partial Theme Theme { get; set; }
            }

            public partial class Program;

            public sealed class MyStore : ISessionStore
            {
                public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
                public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();
                public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();
                public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
                public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => throw new NotSupportedException();
            }
        }
        """;
}
