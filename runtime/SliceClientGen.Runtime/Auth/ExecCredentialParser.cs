using System;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Reads the ExecCredential a plugin prints (client.authentication.k8s.io/v1 or v1beta1) with JsonDocument.
/// Messages never quote the output: it holds the credential.
/// </summary>
internal static class ExecCredentialParser
{
    /// <summary>The token and/or client certificate, and the expiry (null: no expiry, valid until the server refuses it).</summary>
    public static ExecCredential Parse(string stdout, ExecPluginSettings settings)
    {
        string plugin = settings.Describe();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout);
        }
        catch (JsonException e)
        {
            // JsonException messages quote the offending character: report only where it is.
            throw new ClusterCredentialException(
                "The " + plugin + " printed something that is not an ExecCredential JSON document (invalid JSON at line "
                + ((e.LineNumber ?? 0) + 1) + ", byte " + ((e.BytePositionInLine ?? 0) + 1) + " of its output, " + stdout.Length + " characters).");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ClusterCredentialException("The " + plugin + " printed JSON that is not an object; an ExecCredential was expected.");
            }

            string? kind = Text(root, "kind");
            if (!string.Equals(kind, "ExecCredential", StringComparison.Ordinal))
            {
                throw new ClusterCredentialException("The " + plugin + " printed kind '" + Printable(kind) + "'; an ExecCredential was expected.");
            }

            string? apiVersion = Text(root, "apiVersion");
            if (!string.Equals(apiVersion, settings.ApiVersion, StringComparison.Ordinal))
            {
                throw new ClusterCredentialException("The " + plugin + " is configured for apiVersion " + settings.ApiVersion + " but printed '" + Printable(apiVersion) + "'.");
            }

            if (!root.TryGetProperty("status", out JsonElement status) || status.ValueKind != JsonValueKind.Object)
            {
                throw new ClusterCredentialException("The " + plugin + " printed an ExecCredential without a status.");
            }

            string? token = Text(status, "token");
            string? certificatePem = Text(status, "clientCertificateData");
            string? keyPem = Text(status, "clientKeyData");
            if (token is null && certificatePem is null && keyPem is null)
            {
                throw new ClusterCredentialException("The " + plugin + " printed neither a status.token nor a status.clientCertificateData with status.clientKeyData.");
            }

            if ((certificatePem is null) != (keyPem is null))
            {
                throw new ClusterCredentialException(
                    "The " + plugin + " printed status." + (certificatePem is null ? "clientKeyData without status.clientCertificateData" : "clientCertificateData without status.clientKeyData") + "; a client certificate needs both.");
            }

            if (token is not null && BearerTokenText.Check(token, "the " + plugin) is { } error)
            {
                throw new ClusterCredentialException(error);
            }

            DateTimeOffset? expires = null;
            if (status.TryGetProperty("expirationTimestamp", out JsonElement expiry) && expiry.ValueKind != JsonValueKind.Null)
            {
                if (expiry.ValueKind != JsonValueKind.String || !expiry.TryGetDateTimeOffset(out DateTimeOffset parsed))
                {
                    throw new ClusterCredentialException("The " + plugin + " printed a status.expirationTimestamp that is not an RFC 3339 time.");
                }

                expires = parsed;
            }

            // The PEM is checked (and the key matched to the certificate) here, once per run; messages name the fields, never their content.
            X509Certificate2? certificate = certificatePem is null
                ? null
                : CertificateLoader.FromPem(certificatePem, keyPem!, "status.clientCertificateData of the " + plugin, "status.clientKeyData");
            return new ExecCredential(token?.Trim(), certificate, expires);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>kind and apiVersion are not secret, but are shown short and only when they look like names.</summary>
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '-'))
            {
                return "(unexpected text)";
            }
        }

        return value.Length > 64 ? value.Substring(0, 64) + "…" : value;
    }
}
