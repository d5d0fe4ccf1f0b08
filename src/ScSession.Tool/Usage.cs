namespace ScSession.Tool;

/// <summary>The text of <c>scsession --help</c>.</summary>
internal static class Usage
{
    public const string Text = """
        scsession: tools for ScSession, strongly typed sessions for ASP.NET Core

        Usage:
          scsession keygen
              Print a new secret key: 32 random bytes in base64, one line
              (for ScSession:SecretKey / ScSession__SecretKey).

          scsession decode --key KEY [--previous-key KEY]... [--cookie-name NAME] [--app NAME] VALUE|-
              Decode a session cookie into JSON: format, public session ID, timestamps and every section.
              VALUE is the cookie's value or a whole Cookie header ("Cookie: " optional), which chunked
              cookies (.scs=chunks-N; .scsC1=...; ...) need. - reads it from stdin.

          scsession encode --key KEY --app NAME [--cookie-name NAME] [--header] JSON|-
              Build a cookie value from JSON shaped like decode's output (for tests). A new random session ID
              unless the JSON gives "sessionId". --header prints a whole Cookie header, chunked when the value
              is longer than one cookie.

        Options:
          --key KEY            the app's ScSessionOptions.SecretKey (default: environment variable SCSESSION_KEY)
          --previous-key KEY   a key from ScSessionOptions.PreviousSecretKeys; repeatable
          --cookie-name NAME   the app's Cookie.Name (default: .scs)
          --app NAME           the application name format-2 cookies are bound to: ScSessionOptions.ApplicationName,
                               by default the host's IHostEnvironment.ApplicationName (usually the app's assembly name)
          --header             (encode) print "NAME=VALUE" with its chunks, ready for a Cookie header
          -h, --help           this text

        Exit codes: 0 success, 1 cannot decode or encode (wrong key, tampered or malformed input), 2 usage error,
        3 a fault in scsession itself.
        """;
}
