using System;
using System.Collections.Generic;

namespace SliceClientGen.Testing;

/// <summary>Settings of an <see cref="KubeApiServer"/>.</summary>
public sealed class KubeApiServerOptions
{
    /// <summary>The resources served, in addition to those read from <see cref="OpenApiDocumentPath"/>.</summary>
    public IList<ApiResource> Resources { get; } = new List<ApiResource>();

    /// <summary>
    /// An OpenAPI document (YAML or JSON) whose resources are served (see <see cref="ApiResource.FromOpenApiDocument"/>)
    /// and whose schemas validate creates, replaces and patches (422 Invalid). Also served at <c>/openapi/v3</c>.
    /// </summary>
    public string? OpenApiDocumentPath { get; set; }

    /// <summary>
    /// Serves the core <c>namespaces</c> resource (<c>/api/v1/namespaces</c>: get, list, watch; short name <c>ns</c>) as
    /// a read-only view of the namespaces that objects use, so that <c>kubectl get ns</c> and tools that start from the
    /// namespace list work. A namespace exists while an object is in it. Default true; ignored when a served document
    /// or <see cref="Resources"/> defines namespaces itself.
    /// </summary>
    public bool ServeNamespaces { get; set; } = true;

    /// <summary>When set, every API request must carry <c>Authorization: Bearer</c> with this token (or a valid client certificate).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Serves HTTPS with a certificate for 127.0.0.1, ::1 and localhost issued by a CA made for this server.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// Accepts client certificates issued by the server's CA (<see cref="KubeApiServer.IssueClientCertificate"/>) as
    /// credentials, and requires a credential even without <see cref="BearerToken"/>. Implies <see cref="UseTls"/>.
    /// </summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>
    /// How long write history is kept. Continue tokens and watch resource versions older than the kept history get
    /// 410 Expired (as after an etcd compaction). Default 5 minutes; <see cref="ServerFaults.CompactHistory"/> compacts at once.
    /// </summary>
    public TimeSpan CompactionWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a watch that asked for bookmarks (<c>allowWatchBookmarks=true</c>) gets one. Default 1 minute.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a watch without <c>timeoutSeconds</c> lasts before the server ends it. Default 30 minutes.</summary>
    public TimeSpan DefaultWatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How many writes may wait for a watch whose client reads slower than they come before the server ends that watch
    /// (as the API server closes unresponsive watchers), so a stuck client cannot hold unbounded memory. What was queued
    /// is sent first: the client resumes from the last resourceVersion it saw. Default 10,000.
    /// </summary>
    public int WatchQueueLimit { get; set; } = 10_000;

    /// <summary>The port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The clock for creation timestamps, the compaction window and the bookmark interval.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
