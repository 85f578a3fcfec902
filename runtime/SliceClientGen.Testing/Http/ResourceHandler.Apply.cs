using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Testing.OpenApi;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;
using YamlDotNet.Core;

namespace SliceClientGen.Testing.Http;

/// <summary>Server-side apply: <c>PATCH</c> with <c>application/apply-patch+yaml</c>.</summary>
internal sealed partial class ResourceHandler
{
    private const string ApplyMediaType = "application/apply-patch+yaml";

    /// <summary>
    /// Applies the configuration in the body (YAML or JSON) for <c>fieldManager</c> (required: 422 on PatchOptions
    /// without it), creating the object when it does not exist (201); <c>force</c> takes conflicting fields over.
    /// </summary>
    private async Task ApplyAsync(HttpContext context, ApiResource resource, string? @namespace, string name, WriteOptions options)
    {
        if (options.FieldManager is not { Length: > 0 } manager)
        {
            throw StatusError.InvalidOptions("PatchOptions", new[] { new StatusCause("FieldValueRequired", "fieldManager", "Required value: is required for apply patch") });
        }

        JsonObject config = await ReadApplyConfigurationAsync(context, resource, @namespace, name).ConfigureAwait(false);
        bool force = options.Force ?? false;
        ResourceTable table = _server.Store.Table(resource);
        for (int attempt = 0; ; attempt++)
        {
            // Create or update, whichever the object's existence calls for; a concurrent create or delete retries once.
            bool retry = attempt == 0;
            try
            {
                if (_server.Store.Get(table, @namespace, name) is null)
                {
                    StoredObject created = _server.Store.Create(table, NewFromApply(context, options, resource, @namespace, name, config, manager, force), options.DryRun);
                    await JsonResponses.WriteRawAsync(context, 201, created.Json).ConfigureAwait(false);
                    return;
                }

                StoredObject stored = _server.Store.Update(table, @namespace, name, current =>
                {
                    JsonObject applied = _server.Fields.Apply(resource, current.ToJsonObject(), config, manager, force);
                    ValidateOrThrow(context, options.FieldValidation, resource, name, applied, current);
                    return applied;
                }, options.DryRun);
                await JsonResponses.WriteRawAsync(context, 200, stored.Json).ConfigureAwait(false);
                return;
            }
            catch (StatusError error) when (retry && error.Reason is "AlreadyExists" or "NotFound")
            {
            }
        }
    }

    private JsonObject NewFromApply(HttpContext context, WriteOptions options, ApiResource resource, string? @namespace, string name, JsonObject config, string manager, bool force)
    {
        JsonObject obj = _server.Fields.Apply(resource, null, config, manager, force);
        JsonObject metadata = ObjectMeta.Of(obj);
        metadata["name"] = name;
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        var causes = new List<StatusCause>();
        var unknown = new List<string>();
        CheckName(name, causes);
        Validate(resource, obj, null, causes, unknown);
        if (causes.Count > 0)
        {
            throw StatusError.Invalid(resource, name, causes);
        }

        ReportUnknownFields(context, options.FieldValidation, unknown);
        return obj;
    }

    /// <summary>Reads the applied configuration and checks it names this object, as the API server does (400 otherwise).</summary>
    private static async Task<JsonObject> ReadApplyConfigurationAsync(HttpContext context, ApiResource resource, string? @namespace, string name)
    {
        JsonNode? body;
        using (MemoryStream buffer = await ReadBodyAsync(context).ConfigureAwait(false))
        {
            try
            {
                // JSON is YAML; YAML scalars keep their types (quoted ones stay strings).
                body = OpenApiDocumentLoader.FirstDocument(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }
            catch (Exception e) when (e is YamlException or InvalidCastException or ArgumentException)
            {
                throw StatusError.BadRequest("error decoding YAML: " + e.Message);
            }
        }

        if (body is not JsonObject config)
        {
            throw StatusError.BadRequest("error decoding YAML: the applied configuration must be an object, got " + (body?.ToJsonString() ?? "nothing"));
        }

        string apiVersion = ObjectMeta.GetString(config, "apiVersion") ?? string.Empty;
        if (apiVersion != resource.GroupVersion)
        {
            throw StatusError.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {resource.GroupVersion}");
        }

        string kind = ObjectMeta.GetString(config, "kind") ?? string.Empty;
        if (kind != resource.Kind)
        {
            throw StatusError.BadRequest($"Incorrect kind specified in apply patch. Specified patch kind: {kind}, expected: {resource.Kind}");
        }

        if (config["metadata"] is JsonObject metadata)
        {
            if (metadata["managedFields"] is not null)
            {
                throw StatusError.BadRequest("metadata.managedFields must be nil");
            }

            if (ObjectMeta.GetString(metadata, "name") is { Length: > 0 } bodyName && bodyName != name)
            {
                throw StatusError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            if (resource.Namespaced && ObjectMeta.GetString(metadata, "namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != @namespace)
            {
                throw StatusError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        }

        return config;
    }
}
