using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SliceClientGen.Testing;

/// <summary>
/// One request as the server received it (see <see cref="KubeApiServer.Requests"/>): what a client sent, how it was
/// answered and when the server was done with it. For assertions such as "the second page asked with this continue
/// token" or "the watch resumed from that resource version".
/// </summary>
public sealed class ServerRequest
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ServerRequest(long sequence, string method, string path, IReadOnlyDictionary<string, IReadOnlyList<string>> query)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        Query = query;
    }

    /// <summary>The request's number in arrival order, from 0.</summary>
    public long Sequence { get; }

    /// <summary>The method (GET, POST, …).</summary>
    public string Method { get; }

    /// <summary>The decoded path, such as <c>/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices</c>.</summary>
    public string Path { get; }

    /// <summary>The query parameters, every value of a repeated one in the order sent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; }

    /// <summary>The first value of a query parameter (the one the API server uses), or <see langword="null"/> when it was not sent.</summary>
    public string? this[string parameter] => Query.TryGetValue(parameter, out IReadOnlyList<string>? values) && values.Count > 0 ? values[0] : null;

    /// <summary>Whether this is a watch (<c>watch</c> set to a true value).</summary>
    public bool IsWatch { get; internal set; }

    /// <summary>The response status code; 0 until the server has answered.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>Whether the client went away before the server was done (a cancelled call, a watch the client closed).</summary>
    public bool Aborted { get; internal set; }

    /// <summary>Completes when the server is done with the request (for a watch: when its stream ends).</summary>
    public Task Ended => _ended.Task;

    /// <inheritdoc/>
    public override string ToString() => Method + " " + Path + (StatusCode == 0 ? string.Empty : " → " + StatusCode);

    internal void End(int statusCode, bool aborted)
    {
        StatusCode = statusCode;
        Aborted = aborted;
        _ended.TrySetResult();
    }
}
