using System;
using System.Collections.Generic;

namespace SliceClientGen.Runtime.Auth;

/// <summary>Everything needed to run a kubeconfig <c>exec</c> credential plugin, and to name it in messages.</summary>
internal sealed class ExecPluginSettings
{
    public const string V1 = "client.authentication.k8s.io/v1";

    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    public required string Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = Array.Empty<string>();

    /// <summary>Extra environment variables (values may be secrets: never shown).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    public string ApiVersion { get; init; } = V1;

    /// <summary>Where a relative command with a directory part resolves (the kubeconfig's directory, as kubectl).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>kubeconfig <c>interactiveMode</c>: Never, IfAvailable or Always. A library has no terminal, so Always cannot be served.</summary>
    public string? InteractiveMode { get; init; }

    /// <summary>The cluster passed in KUBERNETES_EXEC_INFO when the kubeconfig sets <c>provideClusterInfo: true</c>.</summary>
    public ExecClusterInfo? Cluster { get; init; }

    /// <summary>kubeconfig <c>installHint</c>, shown when the command cannot be started.</summary>
    public string? InstallHint { get; init; }

    /// <summary>Where the plugin was configured, for messages (<c>user 'dev' in '/home/me/.kube/config'</c>).</summary>
    public string? Origin { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The plugin as messages name it: the command and where it was configured, never arguments or environment.</summary>
    public string Describe() => "exec credential plugin '" + Command + "'" + (Origin is null ? string.Empty : " (" + Origin + ")");
}
