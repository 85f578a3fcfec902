using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing;

/// <summary>
/// Direct access to a <see cref="KubeApiServer"/>'s objects, for seeding and for simulating controllers: no
/// authentication and no validation (so objects the document does not allow, such as a newer enum value, can be
/// stored), but the same resource versions, metadata and watch events as writes over HTTP.
/// </summary>
public sealed class ObjectStore
{
    private readonly ResourceStore _store;

    internal ObjectStore(ResourceStore store) => _store = store;

    /// <summary>The current value of the server's resource version counter.</summary>
    public long ResourceVersion => _store.Revision;

    /// <summary>Stores a new object. Fills <c>apiVersion</c>, <c>kind</c>, uid, creationTimestamp, generation and resourceVersion.</summary>
    /// <returns>A copy of the stored object.</returns>
    /// <exception cref="ArgumentException">The object has no <c>metadata.name</c>, or a namespaced one has no namespace.</exception>
    /// <exception cref="InvalidOperationException">An object with that name exists.</exception>
    public JsonObject Create(ApiResource resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonObject copy = obj.DeepClone().AsObject();
        CheckIdentity(resource, copy);
        return Run(() => _store.Create(_store.Table(resource), copy, dryRun: false)).ToJsonObject();
    }

    /// <summary>
    /// Replaces an object. Unconditional, unless <c>metadata.resourceVersion</c> is set: then it must be current.
    /// </summary>
    /// <returns>A copy of the stored object.</returns>
    /// <exception cref="KeyNotFoundException">No such object.</exception>
    /// <exception cref="InvalidOperationException">The resource version is stale.</exception>
    public JsonObject Replace(ApiResource resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonObject copy = obj.DeepClone().AsObject();
        CheckIdentity(resource, copy);
        return Run(() => _store.Update(_store.Table(resource), ObjectMeta.Namespace(copy), ObjectMeta.Name(copy)!, _ => copy, dryRun: false)).ToJsonObject();
    }

    /// <summary>Changes an object atomically: <paramref name="change"/> gets a copy of the current object and edits it.</summary>
    /// <returns>A copy of the stored object.</returns>
    /// <exception cref="KeyNotFoundException">No such object.</exception>
    public JsonObject Update(ApiResource resource, string? @namespace, string name, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Run(() => _store.Update(_store.Table(resource), resource.Namespaced ? @namespace : null, name, current =>
        {
            JsonObject obj = current.ToJsonObject();
            change(obj);
            ObjectMeta.Of(obj).Remove("resourceVersion");
            return obj;
        }, dryRun: false)).ToJsonObject();
    }

    /// <summary>Reads an object, or <see langword="null"/>.</summary>
    public JsonObject? Get(ApiResource resource, string? @namespace, string name) =>
        _store.Get(_store.Table(resource), resource.Namespaced ? @namespace : null, name)?.ToJsonObject();

    /// <summary>Lists the objects of a resource, in one namespace or all, ordered by namespace and name.</summary>
    public IReadOnlyList<JsonObject> List(ApiResource resource, string? @namespace = null)
    {
        var result = new List<JsonObject>();
        foreach (StoredObject stored in _store.Table(resource).Current)
        {
            if (@namespace is null || stored.Namespace == @namespace)
            {
                result.Add(stored.ToJsonObject());
            }
        }

        return result;
    }

    /// <summary>Counts the objects of a resource without copying them.</summary>
    public int Count(ApiResource resource) => _store.Table(resource).Current.Count;

    /// <summary>Deletes an object.</summary>
    /// <returns>Whether it existed.</returns>
    public bool Delete(ApiResource resource, string? @namespace, string name)
    {
        try
        {
            _store.Delete(_store.Table(resource), resource.Namespaced ? @namespace : null, name, null, dryRun: false);
            return true;
        }
        catch (StatusError e) when (e.Code == 404)
        {
            return false;
        }
    }

    private static void CheckIdentity(ApiResource resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (ObjectMeta.Name(obj) is not { Length: > 0 })
        {
            throw new ArgumentException("The object has no metadata.name.", nameof(obj));
        }

        if (resource.Namespaced && ObjectMeta.Namespace(obj) is not { Length: > 0 })
        {
            throw new ArgumentException($"{resource.Kind} is namespaced: the object needs metadata.namespace.", nameof(obj));
        }

        if (!resource.Namespaced)
        {
            ObjectMeta.Of(obj).Remove("namespace");
        }
    }

    private static StoredObject Run(Func<StoredObject> write)
    {
        try
        {
            return write();
        }
        catch (StatusError e) when (e.Code == 404)
        {
            throw new KeyNotFoundException(e.Message, e);
        }
        catch (StatusError e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
