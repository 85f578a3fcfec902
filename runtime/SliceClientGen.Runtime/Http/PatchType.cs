namespace SliceClientGen.Runtime.Http;

/// <summary>
/// How the API server interprets a PATCH body: the Content-Type it is sent with (the Kubernetes patch types, as
/// client-go's <c>types.PatchType</c>). A generated PATCH method whose document declares several takes one as
/// <c>patchType</c>; without it, the method sends the format its body's shape fits (an object as a merge patch).
/// </summary>
public enum PatchType
{
    /// <summary>
    /// RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>): an object of the fields to change, <c>null</c>
    /// removing one; lists are replaced whole. Every resource accepts it, custom ones included.
    /// </summary>
    MergePatch,

    /// <summary>
    /// Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>): a merge patch whose lists with
    /// a merge key (containers by name, owner references by uid, …) are merged item by item, with <c>$patch</c>,
    /// <c>$retainKeys</c> and <c>$setElementOrder</c> directives. Built-in resources only (custom resources answer 415).
    /// </summary>
    StrategicMergePatch,

    /// <summary>
    /// RFC 6902 JSON Patch (<c>application/json-patch+json</c>): an array of operations (<see cref="Http.JsonPatch"/>)
    /// applied in order, all or none; <c>test</c> makes it conditional.
    /// </summary>
    JsonPatch,

    /// <summary>
    /// Server-side apply (<c>application/apply-patch+yaml</c>; JSON is YAML): the fields this manager owns. The server
    /// requires <c>fieldManager</c> and answers 409 when another manager owns a field it changes, unless <c>force</c>.
    /// </summary>
    ApplyPatch,
}
