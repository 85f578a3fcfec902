using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SliceExplorer.Cli;

/// <summary>
/// The sample's command line on System.CommandLine: the options, their validation, the generated <c>--help</c>
/// (wrapped to the terminal, at most 100 columns) and shell completion (the <c>[suggest]</c> directive that
/// <c>dotnet-suggest</c> calls). <see cref="Bind"/> turns a parse without errors into <see cref="ExplorerOptions"/>.
/// </summary>
internal sealed class ExplorerCommand : RootCommand
{
    /// <summary>The longest watch the sample accepts (one hour).</summary>
    public const int MaxWatchSeconds = 3600;

    /// <summary>The largest page the sample asks for.</summary>
    public const int MaxPageSize = 5000;

    private const string Summary =
        "SliceExplorer: the generated EndpointSlice client against a Kubernetes API server.\n\n" +
        "With no options it starts an embedded API server seeded with a realistic cluster, connects through a " +
        "kubeconfig it writes (TLS and a bearer token, as for a real cluster), then lists, watches and writes " +
        "EndpointSlices, and prints a one-line summary.";

    private static readonly string[] Epilog =
    [
        "Colour is used when the output is a terminal and NO_COLOR is not set.",
        "Exit codes: 0 done, 1 failed, 2 bad options, 130 interrupted.",
        "Completion: dotnet tool install -g dotnet-suggest, then register SliceExplorer (see its docs).",
    ];

    private readonly Option<string?> _kubeConfig = new("--kubeconfig")
    {
        HelpName = "PATH",
        Description = "Use this kubeconfig instead of the embedded server",
    };

    private readonly Option<string?> _context = new("--context")
    {
        HelpName = "NAME",
        Description = "Use this kubeconfig context (default: current-context)",
    };

    private readonly Option<bool> _inCluster = new("--in-cluster")
    {
        Description = "Use the pod's service account (KUBERNETES_SERVICE_HOST, token, CA)",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<bool> _noEmbedded = new("--no-embedded")
    {
        Description = "Use a real cluster: in a pod the service account, else KUBECONFIG or ~/.kube/config",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<bool> _allowWrites = new("--allow-writes")
    {
        Description = "Run the create/patch/replace/delete step against a real cluster (without it, a real cluster is only read)",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<string?> _namespace = new("--namespace", "-n")
    {
        HelpName = "NAME",
        Description = "List and watch one namespace (default: all); writes go there",
    };

    private readonly Option<int> _watchSeconds = new("--watch-seconds")
    {
        HelpName = "N",
        Description = "How long to watch for changes (0 skips the watch)",
        DefaultValueFactory = _ => ExplorerOptions.DefaultWatchSeconds,
        CustomParser = result => WholeNumber(result, "--watch-seconds", 0, MaxWatchSeconds),
    };

    private readonly Option<int> _pageSize = new("--page-size")
    {
        HelpName = "N",
        Description = "Slices per list request (small by default, to show the paging)",
        DefaultValueFactory = _ => ExplorerOptions.DefaultPageSize,
        CustomParser = result => WholeNumber(result, "--page-size", 1, MaxPageSize),
    };

    private readonly Option<bool> _serve = new("--serve")
    {
        Description = "Only start the seeded embedded server with simulated churn, print its URL and a kubeconfig for it " +
                      "(kubectl works), serve until Ctrl+C or SIGTERM",
        Arity = ArgumentArity.Zero,
    };

    /// <summary>The command; help is wrapped at <paramref name="helpWidth"/> columns (at most 100).</summary>
    public ExplorerCommand(int helpWidth = 100)
        : base(Summary)
    {
        foreach (Option option in new Option[] { _kubeConfig, _context, _inCluster, _noEmbedded, _allowWrites, _namespace, _watchSeconds, _pageSize, _serve })
        {
            Options.Add(option);
        }

        _kubeConfig.CompletionSources.Add(context => Paths(context.WordToComplete));
        Validators.Add(Validate);

        HelpOption help = Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilog(new HelpAction { MaxWidth = Math.Clamp(helpWidth, 40, 100) });
    }

    /// <summary>Parses <paramref name="args"/>; errors are in <see cref="ParseResult.Errors"/>, help and completion in its action.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) => Parse(args, configuration: null);

    /// <summary>The options of a parse without errors.</summary>
    public ExplorerOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException("The command line has errors: " + result.Errors[0].Message, nameof(result));
        }

        return new ExplorerOptions
        {
            KubeConfigPath = result.GetValue(_kubeConfig),
            Context = result.GetValue(_context),
            InCluster = result.GetValue(_inCluster),
            NoEmbedded = result.GetValue(_noEmbedded),
            AllowWrites = result.GetValue(_allowWrites),
            Namespace = result.GetValue(_namespace),
            WatchSeconds = result.GetValue(_watchSeconds),
            PageSize = result.GetValue(_pageSize),
            Serve = result.GetValue(_serve),
        };
    }

    private void Validate(CommandResult command)
    {
        bool Given(Option option) => command.GetResult(option) is { Implicit: false };

        if (Given(_inCluster) && (Given(_kubeConfig) || Given(_context)))
        {
            command.AddError("--in-cluster cannot be combined with --kubeconfig or --context.");
        }

        if (Given(_serve) && (Given(_kubeConfig) || Given(_context) || Given(_inCluster) || Given(_noEmbedded)))
        {
            command.AddError("--serve starts the embedded server; it cannot be combined with --kubeconfig, --context, --in-cluster or --no-embedded.");
        }

        foreach (Option option in new Option[] { _kubeConfig, _context, _namespace })
        {
            // The next option taken as the value (--context --serve) is a missing value.
            if (command.GetResult(option) is { Implicit: false } given
                && given.Tokens.Count == 1
                && given.Tokens[0].Value is { Length: > 1 } value
                && value.StartsWith('-'))
            {
                command.AddError($"Option '{option.Name}' needs a value.");
            }
        }
    }

    private static int WholeNumber(ArgumentResult result, string option, int min, int max)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{option} must be a whole number from {min} to {max}, not '{text}'.");
        return min;
    }

    private static IEnumerable<string> Paths(string word)
    {
        try
        {
            string directory = Path.GetDirectoryName(word) is { Length: > 0 } d ? d : ".";
            string prefix = Path.GetFileName(word);
            return Directory.EnumerateFileSystemEntries(directory, prefix + "*")
                .Select(path => directory == "." && !word.StartsWith("./", StringComparison.Ordinal) ? Path.GetFileName(path) : path)
                .Order(StringComparer.Ordinal)
                .Take(50)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>The generated help, then what options cannot say: colour, exit codes, completion.</summary>
    private sealed class HelpWithEpilog(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int exitCode = help.Invoke(parseResult);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            foreach (string line in Epilog)
            {
                output.WriteLine(line);
            }

            return exitCode;
        }
    }
}
