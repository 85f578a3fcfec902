using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SliceClientGen.Testing.Apply;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Http;

/// <summary>List, get, create, replace, patch (server-side apply in ResourceHandler.Apply.cs) and delete for any resource.</summary>
internal sealed partial class ResourceHandler
{
    /// <summary>The API server's request size limit (3 MiB).</summary>
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    private readonly ServerContext _server;

    public ResourceHandler(ServerContext server) => _server = server;

    public async Task ListAsync(HttpContext context, ApiResource resource, string? @namespace, ListOptions options)
    {
        LabelSelector labels = LabelSelector.Parse(options.LabelSelector);
        FieldSelector fields = FieldSelector.Parse(options.FieldSelector, resource);
        int limit = options.Limit is > 0 and <= int.MaxValue ? (int)options.Limit : int.MaxValue;
        ResourceTable table = _server.Store.Table(resource);

        ImmutableSortedSet<StoredObject> items;
        long revision;
        string? startAfter = null;
        string continueText = options.Continue;
        if (continueText.Length > 0)
        {
            ContinueToken token = ContinueToken.Decode(continueText);
            startAfter = token.StartAfter;
            if (token.ResourceVersion < 0)
            {
                (items, revision) = _server.Store.ListState(table);
            }
            else
            {
                revision = token.ResourceVersion;
                items = _server.Store.ListStateAt(table, revision, _ => ExpiredContinue(new ContinueToken(-1, token.StartAfter).Encode()));
            }
        }
        else if (options.ResourceVersionMatch == ListOptions.Exact)
        {
            // The state at exactly that resource version (410 once compacted); other matches and resourceVersion=0
            // accept the latest state, which is never older than what was asked for.
            string exact = options.ResourceVersion;
            if (!long.TryParse(exact, NumberStyles.None, CultureInfo.InvariantCulture, out revision))
            {
                throw StatusError.BadRequest($"invalid resource version \"{exact}\": must be a resource version this server returned");
            }

            if (revision > _server.Store.Revision)
            {
                throw new StatusError(504, "Timeout", $"Too large resource version: {revision}, current: {_server.Store.Revision}");
            }

            long requested = revision;
            items = _server.Store.ListStateAt(table, revision, compacted => new StatusError(410, "Expired", $"too old resource version: {requested} ({compacted})"));
        }
        else
        {
            (items, revision) = _server.Store.ListState(table);
        }

        string? namespacePrefix = @namespace is null ? null : @namespace + "/";
        int index = StartIndex(items, startAfter ?? namespacePrefix);
        var page = new List<StoredObject>(Math.Min(limit, 512));
        string? lastKey = null;
        bool more = false;
        int remaining = 0;
        for (; index < items.Count; index++)
        {
            StoredObject item = items[index];
            if (namespacePrefix is not null && !item.Key.StartsWith(namespacePrefix, StringComparison.Ordinal))
            {
                break;
            }

            if (!fields.Matches(item) || !labels.Matches(item.Labels))
            {
                continue;
            }

            if (page.Count == limit)
            {
                more = true;
                if (!labels.IsEverything || !fields.IsEverything)
                {
                    break;
                }

                if (namespacePrefix is null)
                {
                    // Everything after this point is in the list: no need to walk it.
                    remaining = items.Count - index;
                    break;
                }

                remaining++;
                continue;
            }

            page.Add(item);
            lastKey = item.Key;
        }

        if (Tables.Requested(context.Request) is { } tableVersion)
        {
            var metadata = new JsonObject { ["resourceVersion"] = ResourceStore.Format(revision) };
            if (more)
            {
                metadata["continue"] = new ContinueToken(revision, lastKey!).Encode();
                if (remaining > 0)
                {
                    metadata["remainingItemCount"] = remaining;
                }
            }

            JsonObject printed = _server.Tables.Table(tableVersion, resource, page.ConvertAll(item => item.ToJsonObject()), metadata, Tables.IncludeObject(context.Request));
            await JsonResponses.WriteAsync(context, 200, printed).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonResponses.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", resource.ListKind);
            writer.WriteString("apiVersion", resource.GroupVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", ResourceStore.Format(revision));
            if (more)
            {
                writer.WriteString("continue", new ContinueToken(revision, lastKey!).Encode());
                if (remaining > 0)
                {
                    writer.WriteNumber("remainingItemCount", remaining);
                }
            }

            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (StoredObject item in page)
            {
                writer.WriteRawValue(item.Json, skipInputValidation: true);
                if (writer.BytesPending > 32 * 1024)
                {
                    writer.Flush();
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The API server's answer to a continue token older than the kept history, with a token that goes on inconsistently.</summary>
    private static StatusError ExpiredContinue(string freshToken) => new(
        410,
        "Expired",
        "The provided continue parameter is too old to display a consistent list result. You can start a new list " +
        "without the continue parameter, or use the continue token in this response to retrieve the remainder of the " +
        "results. Continuing with the provided token results in an inconsistent list - objects that were created, " +
        "modified, or deleted between the time the first chunk was returned and now may show up in the list.")
    {
        Continue = freshToken,
    };

    public Task GetAsync(HttpContext context, ApiResource resource, string? @namespace, string name)
    {
        StoredObject stored = _server.Store.Get(_server.Store.Table(resource), @namespace, name) ?? throw StatusError.NotFound(resource, name);
        if (Tables.Requested(context.Request) is { } tableVersion)
        {
            var metadata = new JsonObject { ["resourceVersion"] = ResourceStore.Format(stored.ResourceVersion) };
            return JsonResponses.WriteAsync(context, 200, _server.Tables.Table(tableVersion, resource, new[] { stored.ToJsonObject() }, metadata, Tables.IncludeObject(context.Request)));
        }

        return JsonResponses.WriteRawAsync(context, 200, stored.Json);
    }

    public async Task CreateAsync(HttpContext context, ApiResource resource, string? @namespace)
    {
        WriteOptions options = WriteOptions.Decode(context.Request);
        bool dryRun = options.DryRun;
        JsonObject obj = await ReadObjectAsync(context, resource).ConfigureAwait(false);
        JsonObject metadata = ObjectMeta.Of(obj);
        string? bodyNamespace = ObjectMeta.GetString(metadata, "namespace");
        if (resource.Namespaced)
        {
            if (bodyNamespace is not null && bodyNamespace.Length > 0 && bodyNamespace != @namespace)
            {
                throw StatusError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = @namespace;
        }
        else
        {
            metadata.Remove("namespace");
        }

        string? name = ObjectMeta.GetString(metadata, "name");
        if (string.IsNullOrEmpty(name) && ObjectMeta.GetString(metadata, "generateName") is { Length: > 0 } prefix)
        {
            name = prefix + RandomSuffix();
            metadata["name"] = name;
        }

        FieldValidation fieldValidation = options.FieldValidation;
        var causes = new List<StatusCause>();
        CheckName(name, causes);
        var unknown = new List<string>();
        Validate(resource, obj, null, causes, unknown);
        if (causes.Count > 0)
        {
            throw StatusError.Invalid(resource, name ?? string.Empty, causes);
        }

        ReportUnknownFields(context, fieldValidation, unknown);
        _server.Fields.Update(resource, null, obj, Manager(context, options));

        StoredObject stored = _server.Store.Create(_server.Store.Table(resource), obj, dryRun);
        await JsonResponses.WriteRawAsync(context, 201, stored.Json).ConfigureAwait(false);
    }

    public async Task ReplaceAsync(HttpContext context, ApiResource resource, string? @namespace, string name)
    {
        WriteOptions options = WriteOptions.Decode(context.Request);
        bool dryRun = options.DryRun;
        FieldValidation fieldValidation = options.FieldValidation;
        JsonObject obj = await ReadObjectAsync(context, resource).ConfigureAwait(false);
        JsonObject metadata = ObjectMeta.Of(obj);
        if (ObjectMeta.GetString(metadata, "name") is { } bodyName && bodyName != name)
        {
            throw StatusError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (resource.Namespaced && ObjectMeta.GetString(metadata, "namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != @namespace)
        {
            throw StatusError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        StoredObject stored = _server.Store.Update(_server.Store.Table(resource), @namespace, name, current =>
        {
            ValidateOrThrow(context, fieldValidation, resource, name, obj, current);
            _server.Fields.Update(resource, current.ToJsonObject(), obj, Manager(context, options));
            return obj;
        }, dryRun);
        await JsonResponses.WriteRawAsync(context, 200, stored.Json).ConfigureAwait(false);
    }

    public async Task PatchAsync(HttpContext context, ApiResource resource, string? @namespace, string name)
    {
        WriteOptions options = WriteOptions.Decode(context.Request);
        bool dryRun = options.DryRun;
        FieldValidation fieldValidation = options.FieldValidation;
        string mediaType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        bool strategic = mediaType == "application/strategic-merge-patch+json";
        bool jsonPatch = mediaType == "application/json-patch+json";
        if (mediaType == ApplyMediaType)
        {
            await ApplyAsync(context, resource, @namespace, name, options).ConfigureAwait(false);
            return;
        }

        if (mediaType != "application/merge-patch+json" && !strategic && !jsonPatch)
        {
            throw new StatusError(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, " +
                $"application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got \"{mediaType}\")");
        }

        if (options.Force is not null)
        {
            throw StatusError.InvalidOptions("PatchOptions", new[] { new StatusCause("FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch") });
        }

        JsonNode patch = await ReadJsonAsync(context).ConfigureAwait(false);
        if (patch is not JsonObject && !jsonPatch)
        {
            throw StatusError.BadRequest("a merge patch must be a JSON object");
        }

        if (strategic)
        {
            // Strategic merge patches are applied as merge patches: their directives ($patch, $setElementOrder, …) are
            // dropped and lists are replaced, which is what atomic lists (all of EndpointSlice's) do anyway.
            RemoveDirectives(patch.AsObject());
        }

        StoredObject stored = _server.Store.Update(_server.Store.Table(resource), @namespace, name, current =>
        {
            JsonObject target = current.ToJsonObject();
            JsonObject patched = jsonPatch ? JsonPatch.Apply(target, patch) : MergePatch.Apply(target, patch)!.AsObject();
            if (ObjectMeta.Name(patched) != name)
            {
                throw StatusError.BadRequest($"the name of the object ({ObjectMeta.Name(patched)}) does not match the name on the URL ({name})");
            }

            // The patched object keeps the current resourceVersion unless the patch sets one: then it is a precondition.
            ValidateOrThrow(context, fieldValidation, resource, name, patched, current);
            _server.Fields.Update(resource, current.ToJsonObject(), patched, Manager(context, options));
            return patched;
        }, dryRun);
        await JsonResponses.WriteRawAsync(context, 200, stored.Json).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HttpContext context, ApiResource resource, string? @namespace, string name)
    {
        bool dryRun = DeleteQueryOptions.Decode(context.Request).DryRun;
        string? preconditionVersion = null;
        string? preconditionUid = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            if (await ReadJsonAsync(context).ConfigureAwait(false) is not JsonObject options)
            {
                throw StatusError.BadRequest("the body of a DELETE must be a DeleteOptions object");
            }

            JsonObject? preconditions = options["preconditions"] as JsonObject;
            preconditionVersion = StringField(preconditions, "resourceVersion", "preconditions.resourceVersion");
            preconditionUid = StringField(preconditions, "uid", "preconditions.uid");
            if (options["dryRun"] is JsonArray modes)
            {
                foreach (JsonNode? mode in modes)
                {
                    dryRun |= WriteOptions.DecodeDryRun(new[] { mode is JsonValue value && value.TryGetValue(out string? text) ? text : mode?.ToJsonString() ?? "null" });
                }
            }
        }

        StoredObject deleted = _server.Store.Delete(_server.Store.Table(resource), @namespace, name, current =>
        {
            if (preconditionVersion is not null && preconditionVersion != ResourceStore.Format(current.ResourceVersion))
            {
                throw StatusError.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {preconditionVersion}, ResourceVersion in object meta: {current.ResourceVersion}");
            }

            if (preconditionUid is not null && preconditionUid != ObjectMeta.GetString(ObjectMeta.Of(current.ToJsonObject()), "uid"))
            {
                throw StatusError.Conflict(resource, name, $"Precondition failed: UID in precondition: {preconditionUid}");
            }
        }, dryRun);
        await JsonResponses.WriteRawAsync(context, 200, deleted.Json).ConfigureAwait(false);
    }

    /// <summary>
    /// deletecollection: deletes every object of the collection (in the namespace, if any) that the label and field
    /// selectors match, one delete each (one watch event each), and answers the list of deleted objects.
    /// </summary>
    public async Task DeleteCollectionAsync(HttpContext context, ApiResource resource, string? @namespace, ListOptions options)
    {
        bool dryRun = DeleteQueryOptions.Decode(context.Request).DryRun;
        LabelSelector labels = LabelSelector.Parse(options.LabelSelector);
        FieldSelector fields = FieldSelector.Parse(options.FieldSelector, resource);
        ResourceTable table = _server.Store.Table(resource);
        (ImmutableSortedSet<StoredObject> items, _) = _server.Store.ListState(table);
        var deleted = new JsonArray();
        foreach (StoredObject item in items)
        {
            if ((@namespace is not null && item.Namespace != @namespace) || !fields.Matches(item) || !labels.Matches(item.Labels))
            {
                continue;
            }

            try
            {
                deleted.Add((JsonNode)_server.Store.Delete(table, item.Namespace, item.Name, null, dryRun).ToJsonObject());
            }
            catch (StatusError error) when (error.Code == 404)
            {
                // Deleted meanwhile by someone else: nothing left to do for it.
            }
        }

        await JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = resource.ListKind,
            ["apiVersion"] = resource.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = ResourceStore.Format(_server.Store.Revision) },
            ["items"] = deleted,
        }).ConfigureAwait(false);
    }

    private void ValidateOrThrow(HttpContext context, FieldValidation fieldValidation, ApiResource resource, string name, JsonObject updated, StoredObject current)
    {
        var causes = new List<StatusCause>();
        var unknown = new List<string>();
        Validate(resource, updated, current.ToJsonObject(), causes, unknown);
        if (causes.Count > 0)
        {
            throw StatusError.Invalid(resource, name, causes);
        }

        ReportUnknownFields(context, fieldValidation, unknown);
    }

    private void Validate(ApiResource resource, JsonObject obj, JsonObject? old, List<StatusCause> causes, List<string> unknown)
    {
        if (_server.Validator is { } validator && resource.SchemaReference is { } schema)
        {
            causes.AddRange(validator.Validate(schema, obj, old, unknown));
        }
    }

    /// <summary>
    /// <c>fieldValidation</c>: Strict refuses fields the schema does not declare (400), Warn (the default) answers with
    /// a <c>Warning</c> header per field, Ignore does neither. The fields are kept in every case.
    /// </summary>
    private static void ReportUnknownFields(HttpContext context, FieldValidation mode, List<string> unknown)
    {
        if (unknown.Count == 0 || mode == FieldValidation.Ignore)
        {
            return;
        }

        if (mode == FieldValidation.Strict)
        {
            throw StatusError.BadRequest("strict decoding error: " + string.Join(", ", unknown.ConvertAll(f => $"unknown field \"{f}\"")));
        }

        foreach (string field in unknown)
        {
            context.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{field}\\\"\"");
        }
    }

    private static string? StringField(JsonObject? obj, string property, string path) => obj?[property] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        var other => throw StatusError.BadRequest($"DeleteOptions.{path}: Invalid value: {other.ToJsonString()}: must be a string"),
    };

    private static void CheckName(string? name, List<StatusCause> causes)
    {
        if (string.IsNullOrEmpty(name))
        {
            causes.Add(new StatusCause("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"));
            return;
        }

        bool valid = name.Length <= 253 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
        foreach (char c in name)
        {
            valid &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.';
        }

        if (!valid)
        {
            causes.Add(new StatusCause(
                "FieldValueInvalid",
                "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
                "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
                "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, ApiResource resource)
    {
        string mediaType = (context.Request.ContentType ?? "application/json").Split(';')[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new StatusError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json (got \"{mediaType}\")");
        }

        if (await ReadJsonAsync(context).ConfigureAwait(false) is not JsonObject obj)
        {
            throw StatusError.BadRequest($"the body must be a JSON object ({resource.Kind})");
        }

        if (ObjectMeta.GetString(obj, "kind") is { Length: > 0 } kind && kind != resource.Kind)
        {
            throw StatusError.BadRequest($"the body is a {kind}, but the URL is for {resource.Kind} ({resource.QualifiedName})");
        }

        if (ObjectMeta.GetString(obj, "apiVersion") is { Length: > 0 } apiVersion && apiVersion != resource.GroupVersion)
        {
            throw StatusError.BadRequest($"the body has apiVersion {apiVersion}, but the URL is for {resource.GroupVersion}");
        }

        return obj;
    }

    private static async Task<JsonNode> ReadJsonAsync(HttpContext context)
    {
        using MemoryStream buffer = await ReadBodyAsync(context).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) ?? throw StatusError.BadRequest("the request body is JSON null");
        }
        catch (JsonException e)
        {
            throw StatusError.BadRequest($"the request body is not valid JSON: line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}");
        }
    }

    /// <summary>The request body, up to the API server's limit (413 over it).</summary>
    private static async Task<MemoryStream> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new StatusError(413, "RequestEntityTooLarge", $"the request body of {context.Request.ContentLength} bytes is over the limit of {MaxBodyBytes} bytes");
        }

        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new StatusError(413, "RequestEntityTooLarge", $"the request body is over the limit of {MaxBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }

    /// <summary>The manager a write is recorded under: <c>fieldManager</c>, or else the User-Agent's first part.</summary>
    private static string Manager(HttpContext context, WriteOptions options) =>
        options.FieldManager is { Length: > 0 } manager ? manager : FieldManager.DefaultManager(context.Request.Headers.UserAgent.ToString());

    private static void RemoveDirectives(JsonObject patch)
    {
        var directives = new List<string>();
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                directives.Add(name);
            }
            else if (value is JsonObject child)
            {
                RemoveDirectives(child);
            }
        }

        foreach (string name in directives)
        {
            patch.Remove(name);
        }
    }

    private static int StartIndex(ImmutableSortedSet<StoredObject> items, string? after)
    {
        if (after is null)
        {
            return 0;
        }

        // The first key greater than 'after' (a continue key) or starting with it (a namespace prefix).
        int low = 0, high = items.Count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            int comparison = string.CompareOrdinal(items[mid].Key, after);
            if (comparison < 0 || (comparison == 0 && !after.EndsWith('/')))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static string RandomSuffix()
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> suffix = stackalloc char[5];
        for (int i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return new string(suffix);
    }
}
