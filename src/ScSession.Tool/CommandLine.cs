namespace ScSession.Tool;

/// <summary>
/// One command line, parsed: the command, its options and its positional arguments. Options are GNU style
/// (<c>--key VALUE</c> or <c>--key=VALUE</c>); <c>--</c> ends them (a value may start with <c>-</c>); <c>-</c> alone is
/// a positional argument meaning stdin.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options;

    private CommandLine(string command, Dictionary<string, List<string>> options, List<string> positionals)
    {
        Command = command;
        _options = options;
        Positionals = positionals;
    }

    /// <summary>The command (<c>keygen</c>, <c>decode</c>, <c>encode</c>), or <c>help</c>.</summary>
    public string Command { get; }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Which options each command takes, and whether each takes a value (false: a flag).</summary>
    private static readonly Dictionary<string, Dictionary<string, bool>> s_commands = new(StringComparer.Ordinal)
    {
        ["keygen"] = [],
        ["decode"] = new(StringComparer.Ordinal) { ["key"] = true, ["previous-key"] = true, ["cookie-name"] = true, ["app"] = true },
        ["encode"] = new(StringComparer.Ordinal) { ["key"] = true, ["cookie-name"] = true, ["app"] = true, ["header"] = false },
    };

    /// <summary>Parses <paramref name="args"/>; throws a usage <see cref="ToolError"/> for anything it does not understand.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args.Any(a => a is "--help" or "-h" or "-?") || args[0] == "help")
        {
            return new CommandLine("help", [], []);
        }

        var command = args[0];
        if (!s_commands.TryGetValue(command, out var known))
        {
            throw ToolError.Usage($"unknown command '{command}'; the commands are keygen, decode and encode (scsession --help)");
        }

        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var onlyPositionals = false;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || arg == "-" || !arg.StartsWith('-'))
            {
                positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw ToolError.Usage($"unknown option '{arg}' for {command}; options are spelled in full (--key, not -k)");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            if (!known.TryGetValue(name, out var takesValue))
            {
                throw ToolError.Usage($"unknown option '--{name}' for {command} (scsession --help)");
            }

            string value;
            if (!takesValue)
            {
                if (equals >= 0)
                {
                    throw ToolError.Usage($"--{name} takes no value");
                }

                value = "true";
            }
            else if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw ToolError.Usage($"--{name} needs a value");
            }

            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }

            values.Add(value);
        }

        return new CommandLine(command, options, positionals);
    }

    /// <summary>The value of an option given at most once, or null.</summary>
    public string? Single(string name)
    {
        if (!_options.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw ToolError.Usage($"--{name} was given {values.Count} times; give it once");
    }

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public bool Flag(string name) => _options.ContainsKey(name);

    /// <summary>The one positional argument a command takes (<c>VALUE</c>, <c>JSON</c> or <c>-</c>).</summary>
    public string SinglePositional(string what) => Positionals.Count switch
    {
        1 => Positionals[0],
        0 => throw ToolError.Usage($"{Command} needs {what} (or - to read it from stdin)"),
        _ => throw ToolError.Usage($"{Command} takes one {what}, got {Positionals.Count} arguments (quote a Cookie header: it contains spaces and ';')"),
    };
}
