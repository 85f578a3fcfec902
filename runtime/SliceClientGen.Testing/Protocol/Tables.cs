using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// Server-side printing: <c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c> (what kubectl get asks for)
/// answers a <c>meta.k8s.io</c> Table whose columns are the resource's printer columns, as a real API server prints
/// them: EndpointSlices NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE; namespaces NAME, STATUS, AGE; any other resource NAME
/// and AGE (as for a custom resource without printer columns). Rows carry the object as PartialObjectMetadata
/// (<c>includeObject=Metadata</c>, the default), the whole object (<c>Object</c>) or nothing (<c>None</c>).
/// </summary>
internal sealed class Tables
{
    private readonly TimeProvider _time;

    public Tables(TimeProvider time) => _time = time;

    /// <summary>The Table apiVersion the request accepts (meta.k8s.io/v1 or v1beta1), or null when it wants objects.</summary>
    public static string? Requested(HttpRequest request)
    {
        foreach (string? accept in request.Headers.Accept)
        {
            foreach (string mediaType in (accept ?? string.Empty).Split(','))
            {
                string[] parts = mediaType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0 || !(parts[0] is "application/json" or "*/*"))
                {
                    continue;
                }

                string? @as = null, group = null, version = null;
                foreach (string parameter in parts[1..])
                {
                    string[] pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (pair.Length == 2)
                    {
                        switch (pair[0])
                        {
                            case "as": @as = pair[1]; break;
                            case "g": group = pair[1]; break;
                            case "v": version = pair[1]; break;
                        }
                    }
                }

                if (@as is null)
                {
                    // Plain JSON comes first: the client prefers objects.
                    return null;
                }

                if (@as == "Table" && group == "meta.k8s.io" && version is "v1" or "v1beta1")
                {
                    return "meta.k8s.io/" + version;
                }
            }
        }

        return null;
    }

    /// <summary>A Table of <paramref name="items"/>; without column definitions when <paramref name="noHeaders"/> (later watch events).</summary>
    public JsonObject Table(string apiVersion, ApiResource resource, IEnumerable<JsonObject> items, JsonObject listMetadata, string includeObject, bool noHeaders = false)
    {
        IReadOnlyList<Column> columns = ColumnsOf(resource);
        var rows = new JsonArray();
        DateTimeOffset now = _time.GetUtcNow();
        foreach (JsonObject item in items)
        {
            var cells = new JsonArray();
            foreach (Column column in columns)
            {
                cells.Add((JsonNode?)column.Cell(item, now));
            }

            var row = new JsonObject { ["cells"] = cells };
            if (RowObject(apiVersion, item, includeObject) is { } rowObject)
            {
                row["object"] = rowObject;
            }

            rows.Add((JsonNode)row);
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = apiVersion,
            ["metadata"] = listMetadata,
        };
        if (!noHeaders)
        {
            var definitions = new JsonArray();
            foreach (Column column in columns)
            {
                definitions.Add((JsonNode)new JsonObject
                {
                    ["name"] = column.Name,
                    ["type"] = column.Type,
                    ["format"] = column.Format,
                    ["description"] = column.Description,
                    ["priority"] = 0,
                });
            }

            table["columnDefinitions"] = definitions;
        }

        table["rows"] = rows;
        return table;
    }

    /// <summary><c>includeObject</c>: Metadata (default), Object or None; anything else is a 400.</summary>
    public static string IncludeObject(HttpRequest request) => new QueryParameters(request.Query).String("includeObject") switch
    {
        null or "" or "Metadata" => "Metadata",
        "Object" => "Object",
        "None" => "None",
        var other => throw StatusError.BadRequest($"includeObject: Unsupported value: \"{other}\": supported values: \"None\", \"Metadata\", \"Object\""),
    };

    private static JsonObject? RowObject(string apiVersion, JsonObject item, string includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => item,
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = apiVersion,
            ["metadata"] = item["metadata"]?.DeepClone(),
        },
    };

    private static IReadOnlyList<Column> ColumnsOf(ApiResource resource)
    {
        if (resource.Group == "discovery.k8s.io" && resource.Kind == "EndpointSlice")
        {
            return new[]
            {
                Column.NameColumn,
                new Column("AddressType", "string", "", "addressType specifies the type of address carried by this EndpointSlice.", (o, _) => (string?)o["addressType"]),
                new Column("Ports", "string", "", "ports specifies the list of network ports exposed by each endpoint in this slice.", (o, _) => Ports(o["ports"] as JsonArray)),
                new Column("Endpoints", "string", "", "endpoints is a list of unique endpoints in this slice.", (o, _) => Endpoints(o["endpoints"] as JsonArray)),
                Column.AgeColumn,
            };
        }

        if (resource.IsNamespaceView)
        {
            return new[]
            {
                Column.NameColumn,
                new Column("Status", "string", "", "The status of the namespace", (o, _) => (string?)o["status"]?["phase"] ?? "Active"),
                Column.AgeColumn,
            };
        }

        return new[] { Column.NameColumn, Column.AgeColumn };
    }

    /// <summary>Up to three port numbers (the name, or <c>*</c>, when there is no number), then "+ N more...".</summary>
    private static string Ports(JsonArray? ports)
    {
        var shown = new List<string>();
        int count = 0;
        foreach (JsonNode? port in ports ?? new JsonArray())
        {
            if (shown.Count < 3)
            {
                shown.Add(port?["port"] is JsonValue number ? number.ToJsonString() : (string?)port?["name"] ?? "*");
            }

            count++;
        }

        return WithMore(shown, count);
    }

    /// <summary>Up to three addresses across the endpoints, then "+ N more...".</summary>
    private static string Endpoints(JsonArray? endpoints)
    {
        var shown = new List<string>();
        int count = 0;
        foreach (JsonNode? endpoint in endpoints ?? new JsonArray())
        {
            foreach (JsonNode? address in endpoint?["addresses"] as JsonArray ?? new JsonArray())
            {
                if (shown.Count < 3)
                {
                    shown.Add((string?)address ?? string.Empty);
                }

                count++;
            }
        }

        return WithMore(shown, count);
    }

    private static string WithMore(List<string> shown, int count)
    {
        string text = string.Join(",", shown);
        if (count > shown.Count)
        {
            return text + " + " + (count - shown.Count).ToString(CultureInfo.InvariantCulture) + " more...";
        }

        return text.Length == 0 ? "<unset>" : text;
    }

    /// <summary>How kubectl and the API server print an age: 90s, 5m12s, 3h4m, 2d5h, 1y30d (<c>&lt;unknown&gt;</c> without a timestamp).</summary>
    internal static string Age(DateTimeOffset? created, DateTimeOffset now)
    {
        if (created is null)
        {
            return "<unknown>";
        }

        TimeSpan age = now - created.Value;
        long seconds = (long)Math.Floor(age.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return seconds + "s";
        }

        long minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + (seconds % 60) + "s";
        }

        if (minutes < 180)
        {
            return minutes + "m";
        }

        long hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + (minutes % 60) + "m";
        }

        if (hours < 48)
        {
            return hours + "h";
        }

        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + (hours % 24) + "h";
        }

        if (hours < 24 * 365 * 2)
        {
            return (hours / 24) + "d";
        }

        if (hours < 24 * 365 * 8)
        {
            long days = hours / 24 % 365;
            return days == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + days + "d";
        }

        return (hours / 24 / 365) + "y";
    }

    private sealed record Column(string Name, string Type, string Format, string Description, Func<JsonObject, DateTimeOffset, string?> Value)
    {
        public static readonly Column NameColumn = new("Name", "string", "name", "Name must be unique within a namespace.", (o, _) => (string?)o["metadata"]?["name"]);

        public static readonly Column AgeColumn = new(
            "Age",
            "string",
            "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.",
            (o, now) => Age(DateTimeOffset.TryParse((string?)o["metadata"]?["creationTimestamp"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset created) ? created : null, now));

        public JsonNode? Cell(JsonObject item, DateTimeOffset now) => Value(item, now) is { } text ? JsonValue.Create(text) : null;
    }
}
