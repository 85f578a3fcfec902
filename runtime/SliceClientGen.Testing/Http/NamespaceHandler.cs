using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Http;

/// <summary>
/// The read-only <c>/api/v1/namespaces</c> view: one Namespace object (phase Active, the
/// <c>kubernetes.io/metadata.name</c> label real servers add) per namespace objects are in. Lists honour label and
/// field selectors; a watch sends the current namespaces as ADDED and then stays open until its timeout.
/// </summary>
internal sealed class NamespaceHandler
{
    private readonly ServerContext _server;
    private readonly string _created;

    public NamespaceHandler(ServerContext server)
    {
        _server = server;
        _created = ObjectMeta.Timestamp(server.Time.GetUtcNow());
    }

    public async Task HandleAsync(HttpContext context, ApiResource resource, string? name, ListOptions? options)
    {
        (SortedSet<string> namespaces, long revision) = _server.Store.NamespacesInUse();
        if (name is not null)
        {
            if (!namespaces.Contains(name))
            {
                throw StatusError.NotFound(resource, name);
            }

            JsonObject single = Namespace(name, revision);
            await JsonResponses.WriteAsync(
                context,
                200,
                Tables.Requested(context.Request) is { } version
                    ? _server.Tables.Table(version, resource, new[] { single }, new JsonObject { ["resourceVersion"] = ResourceStore.Format(revision) }, Tables.IncludeObject(context.Request))
                    : single).ConfigureAwait(false);
            return;
        }

        options ??= ListOptions.Decode(context.Request);
        bool watch = options.Watch;
        LabelSelector labels = LabelSelector.Parse(options.LabelSelector);
        FieldSelector fields = FieldSelector.Parse(options.FieldSelector, resource);
        var items = new List<JsonObject>();
        foreach (string ns in namespaces)
        {
            JsonObject obj = Namespace(ns, revision);
            StoredObject stored = StoredObject.From(obj, revision);
            if (labels.Matches(stored.Labels) && fields.Matches(stored))
            {
                items.Add(obj);
            }
        }

        if (!watch && Tables.Requested(context.Request) is { } tableVersion)
        {
            await JsonResponses.WriteAsync(context, 200, _server.Tables.Table(tableVersion, resource, items, new JsonObject { ["resourceVersion"] = ResourceStore.Format(revision) }, Tables.IncludeObject(context.Request))).ConfigureAwait(false);
            return;
        }

        if (!watch)
        {
            var array = new JsonArray();
            foreach (JsonObject item in items)
            {
                array.Add((JsonNode)item);
            }

            await JsonResponses.WriteAsync(context, 200, new JsonObject
            {
                ["kind"] = "NamespaceList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = ResourceStore.Format(revision) },
                ["items"] = array,
            }).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        foreach (JsonObject item in items)
        {
            using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonResponses.WriterOptions))
            {
                new JsonObject { ["type"] = "ADDED", ["object"] = item }.WriteTo(writer);
            }

            await context.Response.BodyWriter.WriteAsync("\n"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        TimeSpan timeout = options.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(Math.Min(seconds, 24 * 3600)) : _server.Options.DefaultWatchTimeout;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _server.Stopping);
        try
        {
            await Task.Delay(timeout, lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The server is stopping: end the stream.
        }
    }

    private JsonObject Namespace(string name, long revision) => new()
    {
        ["kind"] = "Namespace",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["uid"] = Uid(name),
            ["resourceVersion"] = ResourceStore.Format(revision),
            ["creationTimestamp"] = _created,
            ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
        },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray((JsonNode?)JsonValue.Create("kubernetes")) },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };

    /// <summary>A stable uid per name, so a namespace keeps its identity while it exists.</summary>
    private static string Uid(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("namespace/" + name), hash);
        return new Guid(hash[..16]).ToString();
    }
}
