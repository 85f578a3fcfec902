using System;
using System.Collections.Generic;
using System.Globalization;

namespace SliceExplorer.Cli;

/// <summary>The outcome of parsing: options, or the message that explains what is wrong.</summary>
internal sealed record ParseResult(ExplorerOptions? Options, string? Error)
{
    public bool IsSuccess => Options is not null;

    public static ParseResult Success(ExplorerOptions options) => new(options, null);

    public static ParseResult Failure(string error) => new(null, error);
}

/// <summary>
/// Hand-written command-line parsing: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c> and <c>-nvalue</c>.
/// Every mistake is reported by name; nothing is guessed.
/// </summary>
internal static class OptionParser
{
    /// <summary>The longest watch the sample accepts (one hour).</summary>
    public const int MaxWatchSeconds = 3600;

    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ExplorerOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            (string name, string? inlineValue) = Split(arg);
            if (inlineValue is not null && IsFlag(name))
            {
                return ParseResult.Failure($"Option '{name}' takes no value.");
            }

            switch (name)
            {
                case "-h" or "--help" or "-?":
                    options = options with { Help = true };
                    break;
                case "--in-cluster":
                    options = options with { InCluster = true };
                    break;
                case "--no-embedded":
                    options = options with { NoEmbedded = true };
                    break;
                case "--serve":
                    options = options with { Serve = true };
                    break;
                case "--allow-writes":
                    options = options with { AllowWrites = true };
                    break;
                case "--kubeconfig" or "--context" or "-n" or "--namespace" or "--watch-seconds" or "--page-size":
                    string? value = inlineValue;
                    if (value is null)
                    {
                        if (i + 1 >= args.Count || (args[i + 1].StartsWith('-') && args[i + 1].Length > 1))
                        {
                            return ParseResult.Failure($"Option '{name}' needs a value.");
                        }

                        value = args[++i];
                    }

                    ParseResult? failure = Apply(ref options, name, value);
                    if (failure is not null)
                    {
                        return failure;
                    }

                    break;
                default:
                    return ParseResult.Failure(arg.StartsWith('-')
                        ? $"Unknown option '{name}'."
                        : $"Unexpected argument '{arg}': SliceExplorer takes only options.");
            }
        }

        return options.Help ? ParseResult.Success(options) : Validate(options);
    }

    private static ParseResult? Apply(ref ExplorerOptions options, string name, string value)
    {
        if (value.Length == 0)
        {
            return ParseResult.Failure($"Option '{name}' needs a value.");
        }

        switch (name)
        {
            case "--kubeconfig":
                options = options with { KubeConfigPath = value };
                return null;
            case "--context":
                options = options with { Context = value };
                return null;
            case "-n" or "--namespace":
                options = options with { Namespace = value };
                return null;
            case "--watch-seconds":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > MaxWatchSeconds)
                {
                    return ParseResult.Failure($"--watch-seconds must be a whole number from 0 to {MaxWatchSeconds}, not '{value}'.");
                }

                options = options with { WatchSeconds = seconds };
                return null;
            default:
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size is < 1 or > 5000)
                {
                    return ParseResult.Failure($"--page-size must be a whole number from 1 to 5000, not '{value}'.");
                }

                options = options with { PageSize = size };
                return null;
        }
    }

    private static ParseResult Validate(ExplorerOptions options)
    {
        if (options.InCluster && (options.KubeConfigPath is not null || options.Context is not null))
        {
            return ParseResult.Failure("--in-cluster cannot be combined with --kubeconfig or --context.");
        }

        if (options.Serve && !options.UsesEmbeddedServer)
        {
            return ParseResult.Failure("--serve starts the embedded server; it cannot be combined with --kubeconfig, --context, --in-cluster or --no-embedded.");
        }

        return ParseResult.Success(options);
    }

    /// <summary>Splits <c>--name=value</c> and <c>-nvalue</c>; anything else is a name without an inline value.</summary>
    private static (string Name, string? Value) Split(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
        }

        if (arg.StartsWith("-n", StringComparison.Ordinal) && arg.Length > 2)
        {
            return ("-n", arg[2] == '=' ? arg[3..] : arg[2..]);
        }

        return (arg, null);
    }

    private static bool IsFlag(string name) =>
        name is "-h" or "--help" or "--in-cluster" or "--no-embedded" or "--serve" or "--allow-writes";
}
