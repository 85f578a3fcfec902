using SliceExplorer.Explorer;
using SliceExplorer.Output;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>The sample's terminal output: colour only when asked, progress, wrapping, the table within 100 columns.</summary>
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
    public void Redirected_progress_is_a_plain_line_per_step()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false);

        terminal.Progress("page 1");
        terminal.Progress("page 2");

        Assert.Equal("page 1" + Environment.NewLine + "page 2" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Terminal_progress_rewrites_one_line_and_is_cleared_by_the_next_line()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: true, colour: false);

        terminal.Progress("page 10");
        terminal.Progress("page 2");
        terminal.WriteLine("done");

        Assert.Equal("\rpage 10\rpage 2 \r      \rdone" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Long_lines_wrap_at_spaces_with_a_hanging_indent()
    {
        IReadOnlyList<string> lines = Terminal.Wrap("   404      one two three four five six seven", 30, hangingIndent: 12);

        Assert.Equal(new[] { "   404      one two three four", "            five six seven" }, lines);
    }

    [Fact]
    public void A_word_longer_than_the_line_is_cut_with_an_ellipsis()
    {
        Assert.Equal(new[] { "abcdefghi…" }, Terminal.Wrap("abcdefghijklmnop", 10));
    }

    [Fact]
    public void A_table_wider_than_allowed_cuts_its_shrinking_column()
    {
        var table = new TextTable(new TableColumn("NAME", Shrinks: true), new TableColumn("COUNT", AlignRight: true));
        table.AddRow("a-very-long-service-name-indeed", "7");

        IReadOnlyList<(string Line, Tone Tone)> lines = table.Render(20);

        Assert.Equal(new[] { "NAME           COUNT", "a-very-long-…      7" }, lines.Select(l => l.Line));
    }

    [Fact]
    public void The_service_table_of_the_seeded_cluster_fits_100_columns()
    {
        (Terminal terminal, StringWriter output, _) = Create(interactive: false, colour: false);
        var catalog = new ServiceCatalog();
        var services = SliceExplorer.Cluster.ClusterSeeder.Build().Services
            .Select(s => new ServiceSummary(s.Namespace, s.Name, s.Slices.Count, s.EndpointCount, 0, 0, 0, 0, s.AddressTypes, SliceExplorer.Cluster.ClusterSeeder.Zones))
            .ToList();

        ServiceTable.Write(terminal, services);

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(services.Count + 3, lines.Length);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 100));
        Assert.DoesNotContain(lines, line => line.Contains('…'));
    }

    [Theory]
    [InlineData(new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" }, "eu-west-1a/b/c")]
    [InlineData(new[] { "eu-west-1a", "us-east-1b" }, "eu-west-1a,us-east-1b")]
    [InlineData(new string[0], "-")]
    public void Zones_that_differ_in_their_last_letter_are_shortened(string[] zones, string shown)
    {
        Assert.Equal(shown, ServiceTable.Zones(zones));
    }
}
