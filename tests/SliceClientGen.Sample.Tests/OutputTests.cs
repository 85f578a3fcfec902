using SliceExplorer.Explorer;
using SliceExplorer.Output;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>The sample's terminal output on Spectre.Console: colour only when asked, progress, wrapping, the table within 100 columns.</summary>
public sealed class OutputTests
{
    private static (Terminal Terminal, StringWriter Out, StringWriter Error) Create(bool interactive, bool colour, int width = 100)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new Terminal(output, error, interactive, colour, width), output, error);
    }

    [Fact]
    public void Without_colour_no_escape_sequence_is_written()
    {
        (Terminal terminal, StringWriter output, StringWriter error) = Create(interactive: false, colour: false);

        terminal.Heading("Heading");
        terminal.WriteLine("bad", Tone.Bad);
        terminal.WriteParts(("a", Tone.Good), ("b", Tone.Accent));
        terminal.Error("failed");

        Assert.DoesNotContain('\u001b', output.ToString() + error.ToString());
    }

    [Fact]
    public void With_colour_tones_are_painted_and_reset()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: true, colour: true);

        terminal.WriteLine("ok", Tone.Good);

        Assert.Equal("\u001b[32mok\u001b[0m" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task Redirected_progress_is_a_plain_line_per_step()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false);

        int result = await terminal.ShowProgressAsync("listing", report =>
        {
            report("page 1");
            report("page 2");
            return Task.FromResult(2);
        });

        Assert.Equal(2, result);
        Assert.Equal("page 1" + Environment.NewLine + "page 2" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task Terminal_progress_is_a_live_status_that_returns_the_work_result()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: true, colour: true);

        int result = await terminal.ShowProgressAsync("listing", report =>
        {
            report("page 1");
            return Task.FromResult(7);
        });
        terminal.WriteLine("done");

        Assert.Equal(7, result);
        Assert.EndsWith("done" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_labelled_line_wraps_its_text_in_a_column_after_the_label()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false, width: 40);

        terminal.WriteLabelled("   404      ", Tone.Accent, "one two three four five six seven eight nine", Tone.Plain, 12);

        Assert.Equal(
            "   404      one two three four five six" + Environment.NewLine + "            seven eight nine" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public void An_indented_line_wraps_at_spaces_keeping_its_indentation()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false, width: 40);

        terminal.WriteLine("   one two three four five six seven eight nine ten");

        Assert.Equal(
            "   one two three four five six seven" + Environment.NewLine + "   eight nine ten" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public void A_word_longer_than_the_width_is_cut_with_an_ellipsis()
    {
        Assert.Equal("abcdefghi…", Terminal.Fit("abcdefghijklmnop", 10));
    }

    [Fact]
    public void A_table_wider_than_the_terminal_cuts_only_the_service_and_zone_columns()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false, width: 70);

        ServiceTable.Write(terminal, SeededServices());

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 70));
        Assert.Contains(lines, line => line.Contains('…'));
        Assert.Contains(lines, line => line.Contains("2,096", StringComparison.Ordinal));
    }

    [Fact]
    public void The_service_table_of_the_seeded_cluster_fits_100_columns()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false);
        List<ServiceSummary> services = SeededServices();

        ServiceTable.Write(terminal, services);

        // A header, a row per service, the totals; plain lines carry no padding at their end.
        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(services.Count + 2, lines.Length);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 100));
        Assert.DoesNotContain(lines, line => line.Contains('…') || line.EndsWith(' '));
        Assert.StartsWith("NAMESPACE/SERVICE", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("20 services", lines[^1], StringComparison.Ordinal);
    }

    private static List<ServiceSummary> SeededServices() =>
        SliceExplorer.Cluster.ClusterSeeder.Build().Services
            .Select(s => new ServiceSummary(s.Namespace, s.Name, s.Slices.Count, s.EndpointCount, 0, 0, 0, 0, s.AddressTypes, SliceExplorer.Cluster.ClusterSeeder.Zones))
            .ToList();

    [Theory]
    [InlineData(new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" }, "eu-west-1a/b/c")]
    [InlineData(new[] { "eu-west-1a", "us-east-1b" }, "eu-west-1a,us-east-1b")]
    [InlineData(new string[0], "-")]
    public void Zones_that_differ_in_their_last_letter_are_shortened(string[] zones, string shown)
    {
        Assert.Equal(shown, ServiceTable.Zones(zones));
    }
}
