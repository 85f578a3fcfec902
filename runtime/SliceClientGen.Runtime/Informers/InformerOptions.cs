using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SliceClientGen.Runtime.Watch;

namespace SliceClientGen.Runtime.Informers;

/// <summary>How an <see cref="Informer{T}"/> lists, watches, recovers, logs and measures.</summary>
/// <remarks>Item-specific settings (transform, equality, indexers) are in <see cref="InformerOptions{T}"/>, which generated factories also accept.</remarks>
public class InformerOptions
{
    /// <summary>
    /// Try a streaming list first (a watch with <c>sendInitialEvents=true</c>, <c>resourceVersionMatch=NotOlderThan</c>
    /// and bookmarks, ended by the <c>k8s.io/initial-events-end</c> bookmark). A server that refuses it or ignores it
    /// gets a paged list instead, and the informer does not ask it again. Defaults to true.
    /// </summary>
    public bool UseStreamingList { get; set; } = true;

    /// <summary>Items per page of a paged list (<c>limit</c>). Defaults to 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How often a paged list starts over when its continue token expires mid-way, before the informer backs off. Defaults to 3.</summary>
    public int MaxListRestarts { get; set; } = 3;

    /// <summary>The wait after the first failure of a list or watch; it doubles per failure. Defaults to 800 ms (client-go's reflector).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait between attempts. Defaults to 30 s (client-go).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The randomized fraction of each backoff (0 to 1). Defaults to 0.2.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>After this long without a failure the backoff starts again from <see cref="InitialBackoff"/>. Defaults to 2 minutes (client-go).</summary>
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The watch's own settings (idle timeout, server timeout, reconnect backoff); null for the defaults. The informer
    /// always resumes, and handles 410 Gone by relisting.
    /// </summary>
    public WatchOptions? Watch { get; set; }

    /// <summary>Receives restarts (with their reason), relists, fallbacks and errors; never object contents or credentials. Null: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Creates the <c>SliceClientGen.Informers</c> meter (from dependency injection); null: the informer owns its own meter.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>A name for logs and metrics (attribute <c>sliceclientgen.informer.name</c>); null: the collection's name.</summary>
    public string? Name { get; set; }

    /// <summary>The clock and timers for backoff and sync duration (replaceable in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal virtual Type? ItemType => null;

    internal void Validate()
    {
        if (PageSize <= 0)
        {
            throw new ArgumentException("InformerOptions.PageSize must be positive.", nameof(PageSize));
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero || BackoffResetAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("InformerOptions backoffs must not be negative.", nameof(InitialBackoff));
        }

        if (Jitter is < 0 or > 1 || double.IsNaN(Jitter))
        {
            throw new ArgumentException("InformerOptions.Jitter must be between 0 and 1.", nameof(Jitter));
        }

        if (MaxListRestarts < 0)
        {
            throw new ArgumentException("InformerOptions.MaxListRestarts must not be negative.", nameof(MaxListRestarts));
        }
    }
}

/// <summary>An informer's settings, with the ones that depend on the item model.</summary>
/// <typeparam name="T">The item model.</typeparam>
public sealed class InformerOptions<T> : InformerOptions
    where T : class
{
    /// <summary>
    /// Applied to every object before it is stored or delivered (list items, watch objects, deleted objects): drop
    /// what the application never reads (client-go's practice: <c>metadata.managedFields</c>) and share repeated
    /// strings through the informer's <see cref="StringPool"/>. May change the object in place and return it.
    /// </summary>
    public InformerTransform<T>? Transform { get; set; }

    /// <summary>
    /// Recognises updates that change nothing (a relist, a replayed event): they update the cache's resourceVersion
    /// but are not delivered. An object with the cached resourceVersion is always the same state. Defaults to <see cref="EqualityComparer{T}.Default"/>, which is
    /// structural for models that implement <see cref="IEquatable{T}"/>.
    /// </summary>
    public IEqualityComparer<T>? Comparer { get; set; }

    /// <summary>
    /// Extra indexes of the cache, by name: each function returns the index values of an object (an object may have
    /// several). <see cref="Informer{T}.ByIndex"/> queries them; namespaces are always indexed.
    /// </summary>
    public IDictionary<string, Func<T, IEnumerable<string>>> Indexers { get; } = new Dictionary<string, Func<T, IEnumerable<string>>>(StringComparer.Ordinal);

    /// <summary>
    /// Labels whose values are indexes too: each key names an index (queried with <see cref="Informer{T}.ByIndex"/>)
    /// whose values are the label's values; objects without the label are not in it.
    /// </summary>
    public ICollection<string> LabelIndexes { get; } = new HashSet<string>(StringComparer.Ordinal);

    internal override Type? ItemType => typeof(T);
}

/// <summary>Prepares an object for the cache (see <see cref="InformerOptions{T}.Transform"/>).</summary>
/// <typeparam name="T">The item model.</typeparam>
/// <param name="item">The object as read.</param>
/// <param name="strings">The informer's string pool.</param>
/// <returns>The object to store (usually <paramref name="item"/> itself).</returns>
public delegate T InformerTransform<T>(T item, StringPool strings);
