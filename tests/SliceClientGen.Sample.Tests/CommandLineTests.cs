using System.CommandLine;
using System.CommandLine.Invocation;
using SliceExplorer.Cli;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>The sample's command line on System.CommandLine: its options, values and validation.</summary>
public sealed class CommandLineTests
{
    private static ExplorerOptions Parse(params string[] args)
    {
        var command = new ExplorerCommand();
        ParseResult result = command.Parse(args);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => e.Message)));
        return command.Bind(result);
    }

    private static string Error(params string[] args)
    {
        ParseResult result = new ExplorerCommand().Parse(args);
        Assert.IsType<ParseErrorAction>(result.Action);
        return string.Join("; ", result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void No_arguments_mean_the_embedded_server_all_namespaces_and_a_10_second_watch()
    {
        ExplorerOptions options = Parse();

        Assert.True(options.UsesEmbeddedServer);
        Assert.True(options.WritesEnabled);
        Assert.Null(options.Namespace);
        Assert.Equal(10, options.WatchSeconds);
        Assert.Equal(10, options.PageSize);
        Assert.False(options.Serve);
    }

    [Theory]
    [InlineData("--kubeconfig", "/tmp/config")]
    [InlineData("--context", "prod")]
    [InlineData("--in-cluster")]
    [InlineData("--no-embedded")]
    public void Any_real_cluster_option_replaces_the_embedded_server_and_makes_it_read_only(params string[] args)
    {
        ExplorerOptions options = Parse(args);

        Assert.False(options.UsesEmbeddedServer);
        Assert.False(options.WritesEnabled);
    }

    [Fact]
    public void Allow_writes_enables_the_write_step_against_a_real_cluster()
    {
        ExplorerOptions options = Parse("--kubeconfig", "/tmp/config", "--allow-writes");

        Assert.True(options.WritesEnabled);
    }

    [Theory]
    [InlineData("-n", "shop")]
    [InlineData("-nshop")]
    [InlineData("-n=shop")]
    [InlineData("--namespace", "shop")]
    [InlineData("--namespace=shop")]
    public void The_namespace_has_a_short_and_a_long_form_with_or_without_equals(params string[] args)
    {
        Assert.Equal("shop", Parse(args).Namespace);
    }

    [Fact]
    public void Kubeconfig_and_context_values_are_kept_as_given()
    {
        ExplorerOptions options = Parse("--kubeconfig=/home/me/.kube/other config", "--context", "kind-kind");

        Assert.Equal("/home/me/.kube/other config", options.KubeConfigPath);
        Assert.Equal("kind-kind", options.Context);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3", 3)]
    [InlineData("3600", 3600)]
    public void Watch_seconds_takes_a_whole_number_up_to_an_hour(string value, int expected)
    {
        Assert.Equal(expected, Parse("--watch-seconds", value).WatchSeconds);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3601")]
    [InlineData("2.5")]
    [InlineData("ten")]
    [InlineData("")]
    public void Watch_seconds_rejects_anything_else_naming_the_option(string value)
    {
        Assert.Contains("--watch-seconds", Error("--watch-seconds=" + value), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_size_must_be_positive()
    {
        Assert.Equal(500, Parse("--page-size", "500").PageSize);
        Assert.Contains("--page-size", Error("--page-size", "0"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--kubeconfig")]
    [InlineData("-n")]
    [InlineData("--context")]
    public void An_option_without_its_value_is_an_error_naming_it(string option)
    {
        Assert.Contains($"'{option}'", Error(option), StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_followed_by_another_option_is_missing_its_value()
    {
        Assert.Equal("Option '--context' needs a value.", Error("--context", "--serve"));
    }

    [Fact]
    public void An_empty_value_is_missing()
    {
        Assert.Contains("'--namespace'", Error("--namespace="), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_options_are_errors_naming_them()
    {
        Assert.Contains("'--watch'", Error("--watch", "5"), StringComparison.Ordinal);
    }

    [Fact]
    public void Positional_arguments_are_errors()
    {
        Assert.Contains("'shop'", Error("shop"), StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_take_no_value()
    {
        Assert.Contains("'yes'", Error("--serve=yes"), StringComparison.Ordinal);
    }

    [Fact]
    public void In_cluster_cannot_be_combined_with_a_kubeconfig()
    {
        Assert.StartsWith("--in-cluster cannot be combined", Error("--in-cluster", "--kubeconfig", "/tmp/config"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--no-embedded")]
    [InlineData("--in-cluster")]
    [InlineData("--context", "prod")]
    public void Serve_runs_only_the_embedded_server(params string[] args)
    {
        Assert.StartsWith("--serve starts the embedded server", Error(["--serve", .. args]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--serve", "--in-cluster", "--help")]
    public void Help_is_recognised_even_next_to_conflicting_options(params string[] args)
    {
        ParseResult result = new ExplorerCommand().Parse(args);

        Assert.NotNull(result.Action);
        Assert.IsNotType<ParseErrorAction>(result.Action);
    }

    [Fact]
    public void Completion_offers_the_options_that_match_what_was_typed()
    {
        ParseResult result = new ExplorerCommand().Parse(["--wa"]);

        Assert.Equal(["--watch-seconds"], result.GetCompletions().Select(c => c.Label));
    }
}
