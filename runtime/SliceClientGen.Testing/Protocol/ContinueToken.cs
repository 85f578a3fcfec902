using System;
using System.Buffers;
using System.Text.Json;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// An opaque continue token, as the Kubernetes API server makes them: base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c> — the list's resource version and the key after which
/// the next page starts. <c>rv</c> -1 marks an inconsistent continuation (after 410 Expired): it reads the latest state.
/// </summary>
internal readonly record struct ContinueToken(long ResourceVersion, string StartAfter)
{
    public string Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("v", "meta.k8s.io/v1");
            writer.WriteNumber("rv", ResourceVersion);
            writer.WriteString("start", StartAfter + "\0");
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.WrittenSpan).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="StatusError">400 BadRequest when the token was not made by this server.</exception>
    public static ContinueToken Decode(string token)
    {
        try
        {
            string base64 = token.Replace('-', '+').Replace('_', '/');
            byte[] json = Convert.FromBase64String(base64 + new string('=', (4 - (base64.Length % 4)) % 4));
            var reader = new Utf8JsonReader(json);
            long? rv = null;
            string? start = null;
            string? version = null;
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "v":
                        version = property.Value.GetString();
                        break;
                    case "rv":
                        rv = property.Value.GetInt64();
                        break;
                    case "start":
                        start = property.Value.GetString();
                        break;
                }
            }

            if (version != "meta.k8s.io/v1" || rv is null || start is null || !start.EndsWith('\0'))
            {
                throw new FormatException("unexpected content");
            }

            return new ContinueToken(rv.Value, start[..^1]);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw StatusError.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
