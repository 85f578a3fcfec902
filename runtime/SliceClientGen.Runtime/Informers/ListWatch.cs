using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Watch;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// How an <see cref="Informer{T}"/> lists and watches one collection: the generated <c>Create…Informer</c> factory
/// supplies it from the operation's <c>List…Async</c> and <c>Watch…Async</c> methods (with the caller's path
/// parameters and selectors bound), and tells the informer where an item keeps its namespace, name,
/// resourceVersion and labels. Hand-written sources (another client, a fake) work the same way.
/// </summary>
/// <typeparam name="T">The item model.</typeparam>
public sealed class ListWatch<T>
    where T : class
{
    /// <summary>Creates the source.</summary>
    /// <param name="list">Lists one page: <c>limit</c>, <c>continue</c>, <c>resourceVersion</c> and <c>resourceVersionMatch</c> as the request says.</param>
    /// <param name="watch">Watches: <c>resourceVersion</c>, <c>resourceVersionMatch</c>, <c>sendInitialEvents</c> and the watch options as the request says; bookmarks are always asked for.</param>
    /// <param name="namespaceOf">Reads metadata.namespace (null for cluster-scoped objects).</param>
    /// <param name="nameOf">Reads metadata.name.</param>
    /// <param name="resourceVersionOf">Reads metadata.resourceVersion.</param>
    /// <param name="labelsOf">Reads metadata.labels; null when the model has none.</param>
    /// <param name="resource">A short name for logs and metrics, such as <c>endpointslices</c>.</param>
    public ListWatch(
        Func<ListRequest, CancellationToken, Task<ListPage<T>>> list,
        Func<WatchRequest, CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch,
        Func<T, string?> namespaceOf,
        Func<T, string?> nameOf,
        Func<T, string?> resourceVersionOf,
        Func<T, IDictionary<string, string>?>? labelsOf,
        string resource)
    {
        List = list ?? throw new ArgumentNullException(nameof(list));
        Watch = watch ?? throw new ArgumentNullException(nameof(watch));
        NamespaceOf = namespaceOf ?? throw new ArgumentNullException(nameof(namespaceOf));
        NameOf = nameOf ?? throw new ArgumentNullException(nameof(nameOf));
        ResourceVersionOf = resourceVersionOf ?? throw new ArgumentNullException(nameof(resourceVersionOf));
        LabelsOf = labelsOf;
        Resource = resource ?? throw new ArgumentNullException(nameof(resource));
    }

    /// <summary>Lists one page.</summary>
    public Func<ListRequest, CancellationToken, Task<ListPage<T>>> List { get; }

    /// <summary>Starts a watch.</summary>
    public Func<WatchRequest, CancellationToken, IAsyncEnumerable<WatchEvent<T>>> Watch { get; }

    /// <summary>Reads metadata.namespace.</summary>
    public Func<T, string?> NamespaceOf { get; }

    /// <summary>Reads metadata.name.</summary>
    public Func<T, string?> NameOf { get; }

    /// <summary>Reads metadata.resourceVersion.</summary>
    public Func<T, string?> ResourceVersionOf { get; }

    /// <summary>Reads metadata.labels, or null when the model has none.</summary>
    public Func<T, IDictionary<string, string>?>? LabelsOf { get; }

    /// <summary>The collection's short name, for logs and metrics.</summary>
    public string Resource { get; }

    internal ObjectKey KeyOf(T item) => new(NamespaceOf(item), NameOf(item) ?? string.Empty);
}

/// <summary>One list request of an informer.</summary>
/// <param name="Limit">The page size (<c>limit</c>).</param>
/// <param name="Continue">The continue token of the previous page, or null for the first.</param>
/// <param name="ResourceVersion">The <c>resourceVersion</c> parameter (null: the most recent, consistent read).</param>
/// <param name="ResourceVersionMatch">The <c>resourceVersionMatch</c> parameter.</param>
public readonly record struct ListRequest(int? Limit, string? Continue, string? ResourceVersion, string? ResourceVersionMatch);

/// <summary>One page of a list, as the informer needs it.</summary>
/// <typeparam name="T">The item model.</typeparam>
/// <param name="Items">The page's items.</param>
/// <param name="ResourceVersion">The list's metadata.resourceVersion.</param>
/// <param name="Continue">The list's metadata.continue (null or empty on the last page).</param>
public sealed record ListPage<T>(IList<T> Items, string? ResourceVersion, string? Continue);

/// <summary>One watch request of an informer (bookmarks are always asked for).</summary>
/// <param name="ResourceVersion">Where the watch starts (null with <paramref name="SendInitialEvents"/>: the current state first).</param>
/// <param name="ResourceVersionMatch">The <c>resourceVersionMatch</c> parameter (NotOlderThan for a streaming list).</param>
/// <param name="SendInitialEvents">True for a streaming list: the current objects as ADDED events, ended by an initial-events-end bookmark.</param>
/// <param name="Options">Resume, idle timeout and backoff of the watch.</param>
public readonly record struct WatchRequest(string? ResourceVersion, string? ResourceVersionMatch, bool? SendInitialEvents, WatchOptions Options);

/// <summary>An object's identity in an informer's store: namespace (null when cluster-scoped) and name.</summary>
/// <param name="Namespace">metadata.namespace.</param>
/// <param name="Name">metadata.name.</param>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => Namespace is null ? Name : Namespace + "/" + Name;
}
