using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Apply;
using SliceClientGen.Testing.OpenApi;
using SliceClientGen.Testing.Security;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Http;

/// <summary>What the request handlers share: the store, the resources, the settings and the optional pieces.</summary>
internal sealed class ServerContext
{
    public ServerContext(
        KubeApiServerOptions options,
        IReadOnlyList<ApiResource> resources,
        ResourceStore store,
        ServerFaults faults,
        JsonObject? document,
        ServerCertificates? certificates)
    {
        Options = options;
        Resources = resources;
        Store = store;
        Faults = faults;
        Document = document;
        Validator = document is null ? null : new SchemaValidator(document);
        Fields = new FieldManager(document, options.TimeProvider);
        Certificates = certificates;
    }

    public KubeApiServerOptions Options { get; }

    public IReadOnlyList<ApiResource> Resources { get; }

    public ResourceStore Store { get; }

    public ServerFaults Faults { get; }

    /// <summary>Server-side printing (Accept: …;as=Table).</summary>
    public SliceClientGen.Testing.Protocol.Tables Tables => _tables ??= new SliceClientGen.Testing.Protocol.Tables(Options.TimeProvider);

    private SliceClientGen.Testing.Protocol.Tables? _tables;

    /// <summary>The most recent requests, for <see cref="KubeApiServer.Requests"/>.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>The OpenAPI document, served at /openapi/v3 and used for validation.</summary>
    public JsonObject? Document { get; }

    public SchemaValidator? Validator { get; }

    /// <summary>managedFields and server-side apply.</summary>
    public FieldManager Fields { get; }

    public ServerCertificates? Certificates { get; }

    public TimeProvider Time => Options.TimeProvider;

    /// <summary>Cancelled when the server stops, so open watches end.</summary>
    public System.Threading.CancellationToken Stopping => _stopping.Token;

    private readonly System.Threading.CancellationTokenSource _stopping = new();

    public void Stop() => _stopping.Cancel();

    /// <summary>The host:port clients reach the server on (discovery's serverAddressByClientCIDRs).</summary>
    public string ServerAddress { get; set; } = "127.0.0.1";

    public ApiResource? Find(string group, string version, string plural)
    {
        foreach (ApiResource resource in Resources)
        {
            if (resource.Group == group && resource.Version == version && resource.Plural == plural)
            {
                return resource;
            }
        }

        return null;
    }
}
