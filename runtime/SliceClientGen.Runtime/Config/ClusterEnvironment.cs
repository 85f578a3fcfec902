using System;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// What loading reads from the machine: environment variables, the home and service-account directories, the
/// clock and refresh intervals. <see cref="System"/> is the real one; tests give their own.
/// </summary>
internal sealed class ClusterEnvironment
{
    public static ClusterEnvironment System { get; } = new();

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public string ServiceAccountDirectory { get; init; } = ClusterConfiguration.ServiceAccountDirectory;

    /// <summary>The home directory for <c>~/.kube/config</c>; null: HOME (USERPROFILE on Windows), else the user profile folder.</summary>
    public string? HomeDirectory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a token read from a file is reused (client-go: one minute).</summary>
    public TimeSpan TokenFileReloadInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often certificate, key and CA files are checked for changes (client-go: five minutes).</summary>
    public TimeSpan CertificateReloadInterval { get; init; } = TimeSpan.FromMinutes(5);

    public string Home() =>
        HomeDirectory
        ?? NonEmpty(GetVariable("HOME"))
        ?? NonEmpty(GetVariable("USERPROFILE"))
        ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
