using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Apply;

/// <summary>One entry of <c>metadata.managedFields</c>: a manager, how it wrote (Apply or Update), and the fields it owns.</summary>
internal sealed class ManagedFieldsEntry(string manager, string operation, string? apiVersion, string? time, string? subresource, FieldSet fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public string Manager { get; } = manager;

    public string Operation { get; } = operation;

    public string? ApiVersion { get; set; } = apiVersion;

    public string? Time { get; set; } = time;

    public string? Subresource { get; } = subresource;

    public FieldSet Fields { get; set; } = fields;

    /// <summary>
    /// Whether this entry is the one <paramref name="manager"/> writes to with <paramref name="operation"/>: appliers are
    /// one entry whatever the API version, updaters one per API version (as the API server identifies managers).
    /// </summary>
    public bool Is(string manager, string operation, string apiVersion) =>
        Manager == manager && Operation == operation && Subresource is null && (operation == Apply || ApiVersion == apiVersion);

    /// <summary>How conflict messages name the manager: <c>"kubectl"</c>, or <c>"kubectl-edit" using discovery.k8s.io/v1</c> for an updater.</summary>
    public string Describe()
    {
        string name = "\"" + Manager + "\"" + (Subresource is null ? string.Empty : $" with subresource \"{Subresource}\"");
        return Operation == Update ? name + " using " + ApiVersion : name;
    }

    /// <summary>Reads <c>metadata.managedFields</c>; null when absent, empty or not readable (the API server then keeps what it had).</summary>
    public static List<ManagedFieldsEntry>? Decode(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata || metadata["managedFields"] is not JsonArray { Count: > 0 } entries)
        {
            return null;
        }

        var result = new List<ManagedFieldsEntry>(entries.Count);
        try
        {
            foreach (JsonNode? node in entries)
            {
                if (node is not JsonObject entry)
                {
                    return null;
                }

                string operation = ObjectMeta.GetString(entry, "operation") ?? string.Empty;
                if (entry.Count == 0)
                {
                    // [{}]: the documented way to reset managedFields.
                    continue;
                }

                if (operation is not (Apply or Update) || (entry.ContainsKey("fieldsType") && ObjectMeta.GetString(entry, "fieldsType") != "FieldsV1"))
                {
                    return null;
                }

                FieldSet fields = entry["fieldsV1"] is JsonObject fieldsV1 ? FieldSet.FromFieldsV1(fieldsV1, "metadata.managedFields") : new FieldSet();
                result.Add(new ManagedFieldsEntry(
                    ObjectMeta.GetString(entry, "manager") ?? string.Empty,
                    operation,
                    ObjectMeta.GetString(entry, "apiVersion"),
                    ObjectMeta.GetString(entry, "time"),
                    ObjectMeta.GetString(entry, "subresource") is { Length: > 0 } subresource ? subresource : null,
                    fields));
            }
        }
        catch (Protocol.StatusError)
        {
            return null;
        }

        return result;
    }

    /// <summary>Writes the entries in the API server's order (Apply before Update, then by time, manager, API version).</summary>
    public static JsonArray Encode(List<ManagedFieldsEntry> entries)
    {
        var sorted = new List<ManagedFieldsEntry>(entries);
        sorted.Sort((p, q) =>
        {
            int order = string.CompareOrdinal(p.Operation, q.Operation);
            order = order != 0 ? order : string.CompareOrdinal(p.Time, q.Time);
            order = order != 0 ? order : string.CompareOrdinal(p.Manager, q.Manager);
            order = order != 0 ? order : string.CompareOrdinal(p.ApiVersion, q.ApiVersion);
            return order != 0 ? order : string.CompareOrdinal(p.Subresource, q.Subresource);
        });

        var array = new JsonArray();
        foreach (ManagedFieldsEntry entry in sorted)
        {
            var obj = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
            };
            if (entry.ApiVersion is not null)
            {
                obj["apiVersion"] = entry.ApiVersion;
            }

            if (entry.Time is not null)
            {
                obj["time"] = entry.Time;
            }

            obj["fieldsType"] = "FieldsV1";
            obj["fieldsV1"] = entry.Fields.ToFieldsV1();
            if (entry.Subresource is not null)
            {
                obj["subresource"] = entry.Subresource;
            }

            array.Add((JsonNode)obj);
        }

        return array;
    }

    /// <summary>Whether two lists hold the same managers owning the same fields, times aside.</summary>
    public static bool SameOwnership(List<ManagedFieldsEntry> left, List<ManagedFieldsEntry> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (ManagedFieldsEntry entry in left)
        {
            ManagedFieldsEntry? match = right.Find(e => e.Manager == entry.Manager && e.Operation == entry.Operation && e.ApiVersion == entry.ApiVersion && e.Subresource == entry.Subresource);
            if (match is null || !match.Fields.SetEquals(entry.Fields))
            {
                return false;
            }
        }

        return true;
    }
}
