using System.Globalization;
using System.Text.RegularExpressions;
using SliceClientGen.Sample.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>One run of the sample with no options but a 3-second watch, shared by the tests of this class.</summary>
public sealed class ScenarioRun : IAsyncLifetime
{
    public SampleOutput Output { get; private set; } = new(-1, string.Empty, string.Empty);

    public async Task InitializeAsync() => Output = await SampleProcess.RunAsync(TimeSpan.FromMinutes(2), "--watch-seconds", "3");

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// `dotnet run --project samples/SliceExplorer` end to end, as a process with redirected output: the embedded server,
/// the kubeconfig connection, paging, the watch during the simulated churn, the write tour and the summary.
/// </summary>
public sealed partial class ScenarioTests : IClassFixture<ScenarioRun>
{
    /// <summary>The seeded cluster (ClusterSeeder): 20 Services in 5 namespaces, 40 slices, 2,096 distinct endpoints.</summary>
    private const int SeededServices = 20;
    private const int SeededSlices = 40;
    private const int SeededEndpoints = 2096;

    private readonly SampleOutput _run;

    public ScenarioTests(ScenarioRun run) => _run = run.Output;

    [Fact]
    public void The_run_exits_with_0_and_writes_nothing_to_stderr()
    {
        Assert.True(_run.ExitCode == 0, _run.ToString());
        Assert.True(_run.StandardError.Length == 0, _run.ToString());
    }

    [Fact]
    public void The_last_line_is_a_summary_of_the_seeded_cluster_and_the_events_seen()
    {
        string last = _run.Lines.Last(line => line.Length > 0);
        Match summary = SummaryPattern().Match(last);

        Assert.True(summary.Success, "Last line: " + last);
        Assert.Equal(SeededSlices, Number(summary, "slices"));
        Assert.Equal(SeededEndpoints, Number(summary, "endpoints"));
        Assert.Equal(SeededServices, Number(summary, "services"));
        Assert.True(Number(summary, "events") > 0, last);
    }

    [Fact]
    public void The_slices_are_listed_in_pages_of_ten()
    {
        List<string> pages = _run.Lines.Where(line => PagePattern().IsMatch(line)).ToList();

        Assert.Equal(4, pages.Count);
        Assert.Contains(_run.Lines, line => line.Contains("Listed 40 slices in 4 pages of up to 10", StringComparison.Ordinal));
    }

    [Fact]
    public void The_service_table_counts_an_endpoint_in_two_slices_once()
    {
        // shop/cart: 160 Pods, 4 of them in both of its slices (164 entries).
        string cart = TableRow("shop/cart");

        Assert.Matches(@"^shop/cart\s+2\s+160\s+\d+\s+\d+\s+\d+\s+4\s+IPv4\s", cart);
    }

    [Fact]
    public void The_service_table_shows_the_FQDN_address_type_the_document_does_not_list()
    {
        Assert.Matches(@"^data/legacy-db\s+1\s+2\s.*\sFQDN\s", TableRow("data/legacy-db"));
    }

    [Fact]
    public void The_service_table_shows_dual_stack_services_and_their_zones()
    {
        Assert.Matches(@"^shop/web\s+10\s+720\s.*\sIPv4,IPv6\s+eu-west-1a/b/c$", TableRow("shop/web"));
    }

    [Fact]
    public void The_watch_prints_the_churned_services_changes_with_the_endpoints_added_and_removed()
    {
        List<Match> changes = _run.Lines.Select(line => ChangePattern().Match(line)).Where(m => m.Success).ToList();
        List<Match> checkout = changes.Where(m => m.Groups["service"].Value == "shop/checkout").ToList();

        // shop/checkout scales up (endpoints added) and back down (removed); payments/ledger rolls out.
        Assert.All(checkout, m => Assert.Equal("MODIFIED", m.Groups["type"].Value));
        Assert.Contains(checkout, m => Number(m, "added") > 0);
        Assert.Contains(checkout, m => Number(m, "removed") > 0);
        Assert.Contains(changes, m => m.Groups["service"].Value == "payments/ledger");
    }

    [Fact]
    public void The_watch_prints_only_services_that_changed()
    {
        List<string> services = _run.Lines.Select(line => ChangePattern().Match(line)).Where(m => m.Success).Select(m => m.Groups["service"].Value).Distinct().ToList();

        Assert.Equal(["payments/ledger", "shop/checkout"], services.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_watch_reports_as_many_changes_as_the_summary_counts()
    {
        int printed = _run.Lines.Count(line => ChangePattern().IsMatch(line));
        Match summary = SummaryPattern().Match(_run.Lines.Last(line => line.Length > 0));

        Assert.Equal(printed, Number(summary, "events"));
    }

    [Fact]
    public void The_service_table_is_printed_again_after_the_watch()
    {
        Assert.Equal(2, _run.Lines.Count(line => line.StartsWith("NAMESPACE/SERVICE", StringComparison.Ordinal)));
        Assert.Contains(_run.Lines, line => line.Contains("After the watch", StringComparison.Ordinal));
    }

    [Fact]
    public void The_dry_run_create_is_answered_but_not_stored()
    {
        string dryRun = Operation("dry run");

        Assert.Contains("Status 404 NotFound", dryRun, StringComparison.Ordinal);
        Assert.EndsWith("not stored", dryRun, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_get_and_delete_report_the_slice_and_its_resource_versions()
    {
        Assert.Matches(@"^sliceexplorer-demo-\w+: 3 IPv4 endpoints, resourceVersion \d+$", Operation("create"));
        Assert.Matches(@"^3 endpoints, resourceVersion \d+, uid [0-9a-f-]{36}$", Operation("get"));
        Assert.Contains("GET afterwards: Status 404 NotFound", Operation("delete"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_merge_patch_flips_one_endpoints_readiness_and_keeps_the_whole_array()
    {
        Assert.Matches(@"^192\.0\.2\.11 ready true -> false; 3 endpoints sent and kept, resourceVersion \d+$", Operation("patch"));
    }

    [Fact]
    public void A_replace_with_a_stale_resource_version_is_refused_with_409_Conflict()
    {
        List<string> replaces = Operations("replace");

        Assert.Equal(2, replaces.Count);
        Assert.Matches(@"with resourceVersion \d+: now \d+$", replaces[0]);
        Assert.Contains("Status 409 Conflict", replaces[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_slice_shows_the_servers_404_Status()
    {
        Assert.Matches("^GET default/sliceexplorer-demo-missing-\\w+: Status 404 NotFound: endpointslices.discovery.k8s.io \"sliceexplorer-demo-missing-\\w+\" not found$", Operation("404"));
    }

    [Fact]
    public void An_invalid_slice_shows_the_servers_422_Status_with_its_causes()
    {
        Assert.Contains("Status 422 Invalid", Operation("422"), StringComparison.Ordinal);
        Assert.Contains(_run.Lines, line => line.Contains("- addressType: Unsupported value: \"IPv5\"", StringComparison.Ordinal));
        Assert.Contains(_run.Lines, line => line.Contains("- ports[0].port:", StringComparison.Ordinal));
        Assert.Contains(_run.Lines, line => line.Contains("- ports[0].name:", StringComparison.Ordinal));
    }

    [Fact]
    public void Redirected_output_has_no_ANSI_escape_sequences_or_carriage_returns()
    {
        Assert.DoesNotContain('\u001b', _run.StandardOutput);
        Assert.DoesNotContain('\r', _run.StandardOutput);
    }

    [Fact]
    public void No_line_is_wider_than_100_columns()
    {
        List<string> wide = _run.Lines.Where(line => line.Length > 100).ToList();

        Assert.True(wide.Count == 0, string.Join("\n", wide));
    }

    /// <summary>The row of the first service table for <paramref name="service"/>.</summary>
    private string TableRow(string service) =>
        _run.Lines.FirstOrDefault(line => line.StartsWith(service + " ", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No table row for {service}.\n{_run}");

    /// <summary>The text of the write tour's line for <paramref name="operation"/>, continuation lines joined.</summary>
    private string Operation(string operation) =>
        Operations(operation) is [var first, ..] ? first : throw new Xunit.Sdk.XunitException($"No '{operation}' line.\n{_run}");

    private List<string> Operations(string operation)
    {
        var found = new List<string>();
        IReadOnlyList<string> lines = _run.Lines;
        string prefix = "   " + operation.PadRight(9);
        for (int i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith(prefix, StringComparison.Ordinal) || lines[i].Length <= prefix.Length || lines[i][prefix.Length] == ' ')
            {
                continue;
            }

            string text = lines[i][prefix.Length..];
            for (int j = i + 1; j < lines.Count && lines[j].StartsWith("            ", StringComparison.Ordinal) && !lines[j].TrimStart().StartsWith("- ", StringComparison.Ordinal); j++)
            {
                text += " " + lines[j].Trim();
            }

            found.Add(text);
        }

        return found;
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Summary: (?<slices>\d+) slices, (?<endpoints>\d+) endpoints, (?<services>\d+) services, (?<events>\d+) events seen, \d+\.\d s elapsed$")]
    private static partial Regex SummaryPattern();

    [GeneratedRegex(@"^   page +\d+: +\d+ slices")]
    private static partial Regex PagePattern();

    [GeneratedRegex(@"^   \d\d:\d\d:\d\d\.\d{3}  (?<type>ADDED|MODIFIED|DELETED) +(?<service>[a-z0-9-]+/[a-z0-9-]+) +\d+ +\d+ +\d+ +\d+  \+(?<added>\d+) -(?<removed>\d+) ~(?<changed>\d+)( ports)?$")]
    private static partial Regex ChangePattern();
}
