using System.Text;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>Kubeconfig YAML as the tests write it.</summary>
public static class KubeConfigs
{
    /// <summary>
    /// A kubeconfig with one cluster (<c>cluster</c>), one user (<c>user</c>) and one context, the current one.
    /// <paramref name="clusterLines"/> and <paramref name="userLines"/> are YAML lines of the cluster and user
    /// mappings (nested lines carry their own extra indentation).
    /// </summary>
    public static string Single(Uri server, IEnumerable<string> clusterLines, IEnumerable<string> userLines, string? @namespace = null, string context = "test")
    {
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\nkind: Config\ncurrent-context: ").Append(context).Append('\n');
        yaml.Append("clusters:\n- name: cluster\n  cluster:\n    server: ").Append(server.GetLeftPart(UriPartial.Authority)).Append('\n');
        foreach (string line in clusterLines)
        {
            yaml.Append("    ").Append(line).Append('\n');
        }

        yaml.Append("users:\n- name: user\n  user:");
        string[] user = userLines.ToArray();
        yaml.Append(user.Length == 0 ? " {}\n" : "\n");
        foreach (string line in user)
        {
            yaml.Append("    ").Append(line).Append('\n');
        }

        yaml.Append("contexts:\n- name: ").Append(context).Append("\n  context:\n    cluster: cluster\n    user: user\n");
        if (@namespace is not null)
        {
            yaml.Append("    namespace: ").Append(@namespace).Append('\n');
        }

        return yaml.ToString();
    }

    /// <summary>The cluster lines that trust the test CA inline.</summary>
    public static string[] TrustTestCa => new[] { "certificate-authority-data: " + TestCertificate.Base64(TestCertificates.Shared.Ca.CertificatePem) };

    /// <summary>The user lines of an inline client certificate and key.</summary>
    public static string[] ClientCertificateData(TestCertificate client, KeyFormat? format = null) => new[]
    {
        "client-certificate-data: " + TestCertificate.Base64(client.CertificatePem),
        "client-key-data: " + TestCertificate.Base64(format is { } f ? client.KeyPem(f) : client.KeyPem()),
    };
}
