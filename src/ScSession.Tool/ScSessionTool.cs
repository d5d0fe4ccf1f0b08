using System.Collections;
using System.Security.Cryptography;
using ScSession.Internal;

namespace ScSession.Tool;

/// <summary>
/// The <c>scsession</c> command: <c>keygen</c>, <c>decode</c>, <c>encode</c>. <see cref="Run"/> takes its streams and
/// environment as arguments, so tests run the real command in-process.
/// </summary>
public static class ScSessionTool
{
    /// <summary>The process entry point.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Main(string[] args)
        => Run(args, Console.In, Console.Out, Console.Error, Environment.GetEnvironmentVariables());

    /// <summary>
    /// Runs one command. Results go to <paramref name="stdout"/>; failures are one line on <paramref name="stderr"/>
    /// and a non-zero exit code (<see cref="ExitCodes"/>), never an exception.
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdin">Read when the value argument is <c>-</c>.</param>
    /// <param name="stdout">Where the result goes.</param>
    /// <param name="stderr">Where warnings and errors go.</param>
    /// <param name="environment">The environment variables (<c>SCSESSION_KEY</c>).</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            var line = CommandLine.Parse(args);
            switch (line.Command)
            {
                case "keygen":
                    Keygen(line, stdout);
                    break;
                case "decode":
                    Decode(line, stdin, stdout, stderr, environment);
                    break;
                case "encode":
                    Encode(line, stdin, stdout, stderr, environment);
                    break;
                default:
                    stdout.WriteLine(Usage.Text);
                    break;
            }

            return ExitCodes.Success;
        }
        catch (ToolError error)
        {
            stderr.WriteLine("scsession: " + error.Message);
            return error.ExitCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug, not bad input (bad input is a ToolError): still one line, so scripts and users see no stack trace.
            stderr.WriteLine($"scsession: internal error ({ex.GetType().Name}: {OneLine(ex.Message)}); please report it");
            return ExitCodes.InternalError;
        }
    }

    private static void Keygen(CommandLine line, TextWriter stdout)
    {
        if (line.Positionals.Count > 0)
        {
            throw ToolError.Usage("keygen takes no arguments");
        }

        stdout.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretKeyParser.MinimumKeyBytes)));
    }

    private static void Decode(CommandLine line, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary environment)
    {
        var input = ReadInput(line.SinglePositional("the cookie's value or Cookie header"), stdin);
        var keys = SecretKeys.From(line, environment);
        foreach (var weakness in keys.Weaknesses)
        {
            stderr.WriteLine("scsession: warning: " + weakness + "; decoding anyway");
        }

        var cookieName = CookieName(line);
        var value = CookieInput.ReadValue(input, cookieName);
        var cookie = CookieDecoder.Decode(value, keys, cookieName, line.Single("app"));
        stdout.WriteLine(SessionJsonWriter.Write(cookie));
    }

    private static void Encode(CommandLine line, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary environment)
    {
        var input = ReadInput(line.SinglePositional("the session as JSON"), stdin);
        var keys = SecretKeys.From(line, environment);
        if (keys.Weaknesses.Count > 0)
        {
            // No app starts with such a key, so a cookie sealed with it could only mislead a test.
            throw ToolError.Usage(keys.Weaknesses[0] + "; use `scsession keygen`");
        }

        var application = line.Single("app") ?? throw ToolError.Usage(
            "encode needs --app NAME: the application name the cookie is bound to (the app's ScSessionOptions.ApplicationName; " +
            "by default its IHostEnvironment.ApplicationName, usually the app's assembly name)");
        var cookieName = CookieName(line);
        var envelope = SessionJsonReader.Read(input, DateTimeOffset.UtcNow);
        using var codec = new CookieSessionCodec(cookieName, application, keys.Current, [], dataProtection: null);
        var value = codec.Encode(envelope);
        if (!line.Flag("header"))
        {
            stdout.WriteLine(value);
            return;
        }

        var (header, warning) = CookieHeaderBuilder.Build(cookieName, value);
        if (warning is not null)
        {
            stderr.WriteLine("scsession: warning: " + warning);
        }

        stdout.WriteLine(header);
    }

    private static string CookieName(CommandLine line)
    {
        var name = line.Single("cookie-name") ?? ScSessionOptions.DefaultCookieName;
        return name.Length > 0 && !name.Any(c => c is ';' or '=' or ',' || char.IsWhiteSpace(c) || char.IsControl(c))
            ? name
            : throw ToolError.Usage($"--cookie-name '{name}' is not a cookie name");
    }

    private static string ReadInput(string argument, TextReader stdin) => argument == "-" ? stdin.ReadToEnd() : argument;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
