using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The options instance passed to generated readers and writers outside a <see cref="JsonSerializer"/> call.
/// Generated converters do not consult it; it is read-only and carries no reflection-based resolver, so
/// nothing here needs unreferenced code.
/// </summary>
internal static class JsonModelOptions
{
    public static readonly JsonSerializerOptions Default = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() };
        options.MakeReadOnly();
        return options;
    }
}
