using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Apply;

/// <summary>
/// Field ownership as the API server tracks it in <c>metadata.managedFields</c>. Server-side apply merges a manager's
/// configuration into the object, removes what it applied before and no longer applies (unless another manager owns
/// it), and refuses (409) to change fields other managers own unless forced, which moves them to the applier. Every
/// other write (create, replace, patch) is an Update: its manager takes the fields it changed, from everyone else.
/// </summary>
internal sealed class FieldManager
{
    private const int MaxManagerLength = 128;

    private readonly ApplySchema _schema;
    private readonly ObjectFields _fields;
    private readonly ApplyMerge _merge;
    private readonly TimeProvider _time;

    public FieldManager(JsonObject? document, TimeProvider time)
    {
        _schema = new ApplySchema(document);
        _fields = new ObjectFields(_schema);
        _merge = new ApplyMerge(_schema);
        _time = time;
    }

    /// <summary>The manager of a write without <c>fieldManager</c>: the User-Agent up to its first '/', printable characters only, at most 128.</summary>
    public static string DefaultManager(string? userAgent)
    {
        string prefix = (userAgent ?? string.Empty).Split('/')[0];
        var manager = new StringBuilder(Math.Min(prefix.Length, MaxManagerLength));
        foreach (char c in prefix)
        {
            if (manager.Length == MaxManagerLength)
            {
                break;
            }

            if (!char.IsControl(c))
            {
                manager.Append(c);
            }
        }

        return manager.ToString();
    }

    /// <summary>
    /// Applies <paramref name="config"/> for <paramref name="manager"/> to <paramref name="live"/> (null: the object is
    /// created) and returns the new object with its managedFields; 409 Conflict listing the fields other managers own
    /// that the apply would change, unless <paramref name="force"/>.
    /// </summary>
    public JsonObject Apply(ApiResource resource, JsonObject? live, JsonObject config, string manager, bool force)
    {
        JsonObject? schema = _schema.Root(resource);
        FieldSet applied = _fields.Of(config, schema, strict: true);
        List<ManagedFieldsEntry> managers = Managers(live);
        JsonObject merged = live?.DeepClone().AsObject() ?? new JsonObject();
        _merge.MergeObject(merged, config, schema);

        ManagedFieldsEntry? mine = managers.Find(e => e.Is(manager, ManagedFieldsEntry.Apply, resource.GroupVersion));
        if (mine is not null)
        {
            // What this manager applied last time and not now goes, unless someone else owns it (or something under it).
            FieldSet stale = mine.Fields.Clone();
            stale.ExceptWith(applied);
            stale.ExceptOwnedBy(Union(managers, except: mine));
            _merge.Remove(merged, stale, schema);
        }

        (FieldSet fields, FieldSet changed) = _fields.Compare(live, merged, schema);
        var conflicts = new List<(ManagedFieldsEntry Entry, FieldSet Fields)>();
        foreach (ManagedFieldsEntry entry in managers)
        {
            if (entry != mine && entry.Fields.Intersect(changed) is { IsEmpty: false } conflicting)
            {
                conflicts.Add((entry, conflicting));
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        foreach ((ManagedFieldsEntry entry, FieldSet conflicting) in conflicts)
        {
            entry.Fields.ExceptWith(conflicting);
        }

        ForgetRemoved(managers, live, fields, schema);
        if (mine is null)
        {
            mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, resource.GroupVersion, null, null, applied);
            managers.Add(mine);
        }

        mine.Fields = applied;
        mine.ApiVersion = resource.GroupVersion;
        mine.Time = ObjectMeta.Timestamp(_time.GetUtcNow());
        Record(merged, live, managers);
        return merged;
    }

    /// <summary>
    /// Records a create, replace or non-apply patch by <paramref name="manager"/> in <paramref name="updated"/>'s
    /// managedFields: it owns what it changed from now on, and no one owns what it removed. managedFields sent with the
    /// write replace the stored ones (<c>[{}]</c> resets them); absent or empty, the stored ones are kept.
    /// </summary>
    public void Update(ApiResource resource, JsonObject? live, JsonObject updated, string manager)
    {
        JsonObject? schema = _schema.Root(resource);
        List<ManagedFieldsEntry> managers = ManagedFieldsEntry.Decode(updated) ?? Managers(live);
        (FieldSet fields, FieldSet changed) = _fields.Compare(live, updated, schema);
        ManagedFieldsEntry? mine = managers.Find(e => e.Is(manager, ManagedFieldsEntry.Update, resource.GroupVersion));
        foreach (ManagedFieldsEntry entry in managers)
        {
            if (entry != mine)
            {
                entry.Fields.ExceptWith(changed);
            }
        }

        ForgetRemoved(managers, live, fields, schema);
        if (mine is null)
        {
            mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, resource.GroupVersion, null, null, new FieldSet());
            managers.Add(mine);
        }

        mine.Fields.UnionWith(changed);
        mine.Time = ObjectMeta.Timestamp(_time.GetUtcNow());
        Record(updated, live, managers);
    }

    private static List<ManagedFieldsEntry> Managers(JsonObject? live) =>
        (live is null ? null : ManagedFieldsEntry.Decode(live)) ?? new List<ManagedFieldsEntry>();

    private static FieldSet Union(List<ManagedFieldsEntry> managers, ManagedFieldsEntry except)
    {
        var union = new FieldSet();
        foreach (ManagedFieldsEntry entry in managers)
        {
            if (entry != except)
            {
                union.UnionWith(entry.Fields);
            }
        }

        return union;
    }

    /// <summary>Fields the write removed from the object are no longer anyone's.</summary>
    private void ForgetRemoved(List<ManagedFieldsEntry> managers, JsonObject? live, FieldSet fields, JsonObject? schema)
    {
        if (live is null)
        {
            return;
        }

        FieldSet removed = _fields.Of(live, schema);
        removed.ExceptWith(fields);
        foreach (ManagedFieldsEntry entry in managers)
        {
            entry.Fields.ExceptWith(removed);
        }
    }

    /// <summary>
    /// Writes the managers that still own something into <paramref name="obj"/>. When nothing but times would change
    /// (a repeated apply), the stored managedFields stay as they are, so the write is a no-op without a new resourceVersion.
    /// </summary>
    private static void Record(JsonObject obj, JsonObject? live, List<ManagedFieldsEntry> managers)
    {
        managers.RemoveAll(e => e.Fields.IsEmpty);
        JsonObject metadata = ObjectMeta.Of(obj);
        metadata.Remove("managedFields");
        if (live is not null && ManagedFieldsEntry.SameOwnership(managers, Managers(live)))
        {
            JsonObject before = live.DeepClone().AsObject();
            JsonNode? stored = ObjectMeta.Of(before)["managedFields"]?.DeepClone();
            ObjectMeta.Of(before).Remove("managedFields");
            if (JsonNode.DeepEquals(before, obj))
            {
                if (stored is not null)
                {
                    metadata["managedFields"] = stored;
                }

                return;
            }
        }

        if (managers.Count > 0)
        {
            metadata["managedFields"] = ManagedFieldsEntry.Encode(managers);
        }
    }

    /// <summary>The API server's apply conflict: 409 Conflict, one FieldManagerConflict cause per field.</summary>
    private static StatusError Conflict(List<(ManagedFieldsEntry Entry, FieldSet Fields)> conflicts)
    {
        conflicts.Sort((a, b) => string.CompareOrdinal(a.Entry.Manager, b.Entry.Manager));
        var causes = new List<StatusCause>();
        var lines = new List<string>();
        foreach ((ManagedFieldsEntry entry, FieldSet fields) in conflicts)
        {
            string manager = entry.Describe();
            lines.Add($"conflicts with {manager}:");
            foreach (string path in fields.MemberPaths())
            {
                causes.Add(new StatusCause("FieldManagerConflict", path, "conflict with " + manager));
                lines.Add("- " + path);
            }
        }

        string message = causes.Count == 1
            ? $"Apply failed with 1 conflict: {causes[0].Message}: {causes[0].Field}"
            : $"Apply failed with {causes.Count} conflicts: {string.Join("\n", lines)}";
        return new StatusError(409, "Conflict", message, causes: causes);
    }
}
