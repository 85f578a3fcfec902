namespace SliceClientGen.Runtime.Watch;

/// <summary>One event of a watch: what happened, and the object it happened to.</summary>
/// <typeparam name="T">The watched resource's generated model.</typeparam>
/// <param name="Type">ADDED, MODIFIED, DELETED, BOOKMARK or a type this client does not know.</param>
/// <param name="Object">
/// The object. For BOOKMARK events it holds only kind, apiVersion and metadata.resourceVersion (and
/// sometimes annotations): properties the schema calls required may be absent.
/// </param>
/// <param name="ResourceVersion">The object's metadata.resourceVersion: the point a resumed watch continues after.</param>
/// <param name="IsInitialEventsEnd">
/// A BOOKMARK annotated <c>k8s.io/initial-events-end: "true"</c>: with <c>sendInitialEvents=true</c>, every
/// existing object has been sent as ADDED and what follows are changes.
/// </param>
public sealed record WatchEvent<T>(WatchEventType Type, T Object, string? ResourceVersion, bool IsInitialEventsEnd = false);
