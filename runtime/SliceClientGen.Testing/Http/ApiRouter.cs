using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SliceClientGen.Testing.Protocol;

namespace SliceClientGen.Testing.Http;

/// <summary>
/// The server's one request delegate: fault injection, authentication, then discovery, OpenAPI and resource routes
/// (<c>/api/{v}/…</c>, <c>/apis/{g}/{v}/…</c>, with or without <c>namespaces/{ns}/</c>).
/// </summary>
internal sealed class ApiRouter
{
    private readonly ServerContext _server;
    private readonly ResourceHandler _resources;
    private readonly WatchHandler _watches;
    private readonly DiscoveryHandler _discovery;
    private readonly NamespaceHandler _namespaces;

    public ApiRouter(ServerContext server)
    {
        _server = server;
        _resources = new ResourceHandler(server);
        _watches = new WatchHandler(server);
        _discovery = new DiscoveryHandler(server);
        _namespaces = new NamespaceHandler(server);
    }

    public async Task HandleAsync(HttpContext context)
    {
        string[] segments = Segments(context.Request.Path);
        if (segments is ["healthz" or "livez" or "readyz"])
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        ServerRequest request = Record(context);
        try
        {
            await HandleApiRequestAsync(context, segments).ConfigureAwait(false);
        }
        finally
        {
            request.End(context.Response.StatusCode, context.RequestAborted.IsCancellationRequested);
        }
    }

    private ServerRequest Record(HttpContext context)
    {
        var query = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, StringValues> parameter in context.Request.Query)
        {
            var values = new List<string>(parameter.Value.Count);
            foreach (string? value in parameter.Value)
            {
                values.Add(value ?? string.Empty);
            }

            query[parameter.Key] = values;
        }

        var request = new ServerRequest(_server.Requests.Next(), context.Request.Method, context.Request.Path.Value ?? string.Empty, query);
        _server.Requests.Add(request);
        context.Items[typeof(ServerRequest)] = request;
        return request;
    }

    private async Task HandleApiRequestAsync(HttpContext context, string[] segments)
    {
        try
        {
            if (_server.Faults.ResponseDelay is { Ticks: > 0 } delay)
            {
                await Task.Delay(delay, _server.Time, context.RequestAborted).ConfigureAwait(false);
            }

            if (_server.Faults.TryTakeFailure(out int failure))
            {
                throw new StatusError(failure, failure == 429 ? "TooManyRequests" : "ServiceUnavailable", $"injected failure ({failure})");
            }

            // Like the API server's system:public-info-viewer role: /version needs no credentials (kubectl's version
            // dispatcher asks it before sending any).
            if (segments is not ["version"] && !await IsAuthenticatedAsync(context).ConfigureAwait(false))
            {
                throw new StatusError(401, "Unauthorized", "Unauthorized");
            }

            await RouteAsync(context, segments).ConfigureAwait(false);
        }
        catch (StatusError error) when (!context.Response.HasStarted)
        {
            await JsonResponses.WriteStatusAsync(context, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is not StatusError)
        {
            if (context.Response.HasStarted)
            {
                // A stream already under way can only be cut; the client sees the connection end.
                context.Abort();
                return;
            }

            await JsonResponses.WriteStatusAsync(context, new StatusError(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}")).ConfigureAwait(false);
        }
    }

    private Task RouteAsync(HttpContext context, string[] segments)
    {
        string method = context.Request.Method;
        switch (segments)
        {
            case ["version"]:
                return _discovery.VersionAsync(context);
            case ["api"]:
                return _discovery.CoreVersionsAsync(context);
            case ["apis"]:
                return _discovery.GroupsAsync(context);
            case ["apis", var group]:
                return _discovery.GroupAsync(context, group);
            case ["api", var version]:
                return _discovery.ResourcesAsync(context, string.Empty, version);
            case ["apis", var group, var version]:
                return _discovery.ResourcesAsync(context, group, version);
            case ["openapi", "v3", ..]:
                return _discovery.OpenApiAsync(context, segments);
            case ["api", var version, .. var rest]:
                return ResourceAsync(context, method, string.Empty, version, rest);
            case ["apis", var group, var version, .. var rest]:
                return ResourceAsync(context, method, group, version, rest);
            default:
                throw new StatusError(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})");
        }
    }

    private Task ResourceAsync(HttpContext context, string method, string group, string version, string[] rest)
    {
        // The deprecated /watch/ paths (still served by the API server): a watch of the collection, or of one object.
        bool watchPath = false;
        if (rest is ["watch", _, ..] && _server.Find(group, version, "watch") is null)
        {
            watchPath = true;
            rest = rest[1..];
        }

        string? @namespace = null;
        if (rest is ["namespaces", var ns, _, ..] && _server.Find(group, version, rest[2]) is { Namespaced: true })
        {
            @namespace = ns;
            rest = rest[2..];
        }

        ApiResource resource = (rest.Length is 1 or 2 ? _server.Find(group, version, rest[0]) : null)
            ?? throw new StatusError(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})");
        if (!resource.Namespaced && @namespace is not null)
        {
            throw new StatusError(404, "NotFound", $"{resource.QualifiedName} is not namespaced");
        }

        string? name = rest.Length == 2 ? rest[1] : null;
        if (watchPath && method != "GET")
        {
            throw MethodNotAllowed(context, resource);
        }

        // A collection GET decodes its ListOptions once (a watch is one of them); an object GET only needs to know it is one.
        ListOptions? list = method == "GET" && (name is null || watchPath) ? ListOptions.Decode(context.Request, watchPath) : null;
        bool watch = list?.Watch == true;
        ((ServerRequest)context.Items[typeof(ServerRequest)]!).IsWatch = watch;
        if (resource.IsNamespaceView)
        {
            return method == "GET"
                ? _namespaces.HandleAsync(context, resource, watchPath ? null : name, list)
                : throw new StatusError(405, "MethodNotAllowed", "namespaces are read-only on this server: a namespace exists while objects are in it");
        }

        if (watchPath && name is not null)
        {
            // /watch/…/{name}: the collection's watch narrowed to that object, as the API server does with a field selector.
            return _watches.WatchAsync(context, resource, @namespace, list! with { FieldSelector = Combine(list.FieldSelector, "metadata.name=" + name) });
        }

        if (name is null)
        {
            return method switch
            {
                "GET" when watch => _watches.WatchAsync(context, resource, @namespace, list!),
                "GET" => _resources.ListAsync(context, resource, @namespace, list!),
                "DELETE" => _resources.DeleteCollectionAsync(context, resource, @namespace, ListOptions.Decode(context.Request)),
                "POST" when @namespace is not null || !resource.Namespaced => _resources.CreateAsync(context, resource, @namespace),
                _ => throw MethodNotAllowed(context, resource),
            };
        }

        if (resource.Namespaced && @namespace is null)
        {
            throw new StatusError(404, "NotFound", $"{resource.QualifiedName} is namespaced: use .../namespaces/{{namespace}}/{resource.Plural}/{name}");
        }

        return method switch
        {
            "GET" => _resources.GetAsync(context, resource, @namespace, name),
            "PUT" => _resources.ReplaceAsync(context, resource, @namespace, name),
            "PATCH" => _resources.PatchAsync(context, resource, @namespace, name),
            "DELETE" => _resources.DeleteAsync(context, resource, @namespace, name),
            _ => throw MethodNotAllowed(context, resource),
        };
    }

    private static StatusError MethodNotAllowed(HttpContext context, ApiResource resource) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({context.Request.Method} {resource.QualifiedName})");

    private static string Combine(string selector, string term) => selector.Length == 0 ? term : selector + "," + term;

    private async Task<bool> IsAuthenticatedAsync(HttpContext context)
    {
        string? token = _server.Options.BearerToken;
        bool certificates = _server.Options.RequireClientCertificate;
        if (token is null && !certificates)
        {
            return true;
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (token is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[7..].Trim()), Encoding.UTF8.GetBytes(token)))
        {
            return true;
        }

        if (_server.Certificates is { } pki && context.Request.IsHttps)
        {
            X509Certificate2? client = await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
            return client is not null && pki.IsValidClient(client);
        }

        return false;
    }

    private static string[] Segments(PathString path) =>
        (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
}
