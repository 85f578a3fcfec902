using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SliceExplorer.Explorer;
using Spectre.Console;

namespace SliceExplorer.Output;

/// <summary>The per-Service table: slices, endpoints (duplicates counted once), conditions, address types and zones.</summary>
internal static class ServiceTable
{
    /// <summary>
    /// Writes the table: kubectl-like columns without borders, counts right-aligned, the totals as its footer. When the
    /// terminal is too narrow, only the service and zone columns shrink (cut with an ellipsis).
    /// </summary>
    public static void Write(Terminal terminal, IReadOnlyList<ServiceSummary> services)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        ArgumentNullException.ThrowIfNull(services);
        var table = new Table { Border = TableBorder.None, ShowFooters = true };
        AddColumn(table, "NAMESPACE/SERVICE", $"{services.Count} services", shrinks: true);
        AddColumn(table, "SLICES", Number(services.Sum(s => s.Slices)));
        AddColumn(table, "ENDPOINTS", Number(services.Sum(s => s.Endpoints)));
        AddColumn(table, "READY", Number(services.Sum(s => s.Ready)));
        AddColumn(table, "SERVING", Number(services.Sum(s => s.Serving)));
        AddColumn(table, "TERM", Number(services.Sum(s => s.Terminating)));
        AddColumn(table, "DUPS", Number(services.Sum(s => s.Duplicates)));
        AddColumn(table, "TYPES", string.Empty, alignRight: false);
        AddColumn(
            table,
            "ZONES",
            Zones(services.SelectMany(s => s.Zones).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()),
            shrinks: true,
            alignRight: false,
            last: true);
        foreach (ServiceSummary service in services)
        {
            // Yellow when fewer than 90% of the endpoints are ready, red when none is.
            Style style = Terminal.StyleOf(
                service.Endpoints > 0 && service.Ready == 0 ? Tone.Bad
                : service.Ready * 10 < service.Endpoints * 9 ? Tone.Warn
                : Tone.Plain);
            table.AddRow(
                Cell(service.Key, style, shrinks: true),
                Cell(Number(service.Slices), style),
                Cell(Number(service.Endpoints), style),
                Cell(Number(service.Ready), style),
                Cell(Number(service.Serving), style),
                Cell(Number(service.Terminating), style),
                Cell(service.Duplicates == 0 ? "-" : Number(service.Duplicates), style),
                Cell(string.Join(",", service.AddressTypes), style),
                Cell(Zones(service.Zones), style, shrinks: true));
        }

        terminal.Write(table);
    }

    /// <summary>
    /// Zones that differ only in their last character are shortened: <c>eu-west-1a, eu-west-1b</c> become
    /// <c>eu-west-1a/b</c>; others are listed with commas.
    /// </summary>
    public static string Zones(IReadOnlyList<string> zones)
    {
        if (zones.Count == 0)
        {
            return "-";
        }

        var parts = new List<string>();
        foreach (IGrouping<string, string> group in zones.GroupBy(zone => zone.Length > 1 ? zone[..^1] : zone, StringComparer.Ordinal))
        {
            List<string> members = group.ToList();
            parts.Add(members.Count == 1 ? members[0] : group.Key + string.Join("/", members.Select(zone => zone[^1..])));
        }

        return string.Join(",", parts);
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void AddColumn(Table table, string header, string footer, bool shrinks = false, bool alignRight = true, bool last = false)
    {
        Style heading = Terminal.StyleOf(Tone.Heading);
        table.AddColumn(new TableColumn(new Text(header, heading))
        {
            Footer = Cell(footer, heading, shrinks),
            Alignment = alignRight && !shrinks ? Justify.Right : Justify.Left,
            // Only the shrinking columns may get narrower than their content; two spaces between columns.
            NoWrap = !shrinks,
            Padding = new Padding(0, 0, last ? 0 : 2, 0),
        });
    }

    private static Text Cell(string text, Style style, bool shrinks = false) =>
        new(text, style) { Overflow = shrinks ? Overflow.Ellipsis : Overflow.Fold };
}
