using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Runtime.Auth;

/// <summary>Writes the KUBERNETES_EXEC_INFO document kubectl gives exec plugins (with Utf8JsonWriter: no reflection).</summary>
internal static class ExecCredentialRequest
{
    public static string Write(ExecPluginSettings settings, bool interactive)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "ExecCredential");
            json.WriteString("apiVersion", settings.ApiVersion);
            json.WriteStartObject("spec");
            if (settings.Cluster is { } cluster)
            {
                json.WriteStartObject("cluster");
                json.WriteString("server", cluster.Server);
                if (cluster.TlsServerName is not null)
                {
                    json.WriteString("tls-server-name", cluster.TlsServerName);
                }

                if (cluster.InsecureSkipTlsVerify)
                {
                    json.WriteBoolean("insecure-skip-tls-verify", true);
                }

                if (cluster.CertificateAuthorityData is not null)
                {
                    json.WriteString("certificate-authority-data", Convert.ToBase64String(cluster.CertificateAuthorityData));
                }

                json.WriteEndObject();
            }

            json.WriteBoolean("interactive", interactive);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
