using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Protocol;

/// <summary>A failed request, written as a Kubernetes <c>Status</c> object with its HTTP status code.</summary>
internal sealed class StatusError : Exception
{
    public StatusError(int code, string reason, string message, ApiResource? resource = null, string? name = null, IReadOnlyList<StatusCause>? causes = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Resource = resource;
        Name = name;
        Causes = causes ?? Array.Empty<StatusCause>();
    }

    public int Code { get; }

    public string Reason { get; }

    public ApiResource? Resource { get; }

    public string? Name { get; }

    public IReadOnlyList<StatusCause> Causes { get; }

    /// <summary>A continue token for the Status' <c>metadata.continue</c> (410 on an expired continue token).</summary>
    public string? Continue { get; init; }

    public static StatusError NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedName} \"{name}\" not found", resource, name);

    public static StatusError AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedName} \"{name}\" already exists", resource, name);

    public static StatusError Conflict(ApiResource resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": {detail}", resource, name);

    public static StatusError BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>422 for request options the API server refuses (kind <c>ListOptions</c>, <c>DeleteOptions</c>, … in group meta.k8s.io).</summary>
    public static StatusError InvalidOptions(string kind, IReadOnlyList<StatusCause> causes)
    {
        string list = causes.Count == 1 ? causes[0].ToString() : "[" + string.Join(", ", causes) + "]";
        return new StatusError(422, "Invalid", $"{kind}.meta.k8s.io \"\" is invalid: {list}", causes: causes);
    }

    public static StatusError Invalid(ApiResource resource, string name, IReadOnlyList<StatusCause> causes)
    {
        string list = causes.Count == 1 ? causes[0].ToString() : "[" + string.Join(", ", causes) + "]";
        string group = resource.Group.Length == 0 ? resource.Kind : resource.Kind + "." + resource.Group;
        return new StatusError(422, "Invalid", $"{group} \"{name}\" is invalid: {list}", resource, name, causes);
    }

    public JsonObject ToStatus()
    {
        var metadata = new JsonObject();
        if (Continue is not null)
        {
            metadata["continue"] = Continue;
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = metadata,
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };

        if (Resource is not null || Causes.Count > 0)
        {
            var details = new JsonObject();
            if (Name is not null)
            {
                details["name"] = Name;
            }

            if (Resource is not null)
            {
                details["group"] = Resource.Group;
                details["kind"] = Code == 422 ? Resource.Kind : Resource.Plural;
            }

            if (Causes.Count > 0)
            {
                var causes = new JsonArray();
                foreach (StatusCause cause in Causes)
                {
                    causes.Add((JsonNode)new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message, ["field"] = cause.Field });
                }

                details["causes"] = causes;
            }

            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }
}

/// <summary>One field-level problem in a 422 Invalid Status.</summary>
internal sealed record StatusCause(string Reason, string Field, string Message)
{
    public override string ToString() => Field + ": " + Message;
}
