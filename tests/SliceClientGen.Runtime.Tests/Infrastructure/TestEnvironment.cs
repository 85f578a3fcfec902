using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Runtime.Tests.Infrastructure;

/// <summary>Builds the loading environment (variables, directories, clock) for a test, so no test touches the real one.</summary>
public static class TestEnvironment
{
    internal static ClusterEnvironment Create(
        IReadOnlyDictionary<string, string>? variables = null,
        string? home = null,
        string? serviceAccountDirectory = null,
        TimeProvider? clock = null,
        TimeSpan? tokenFileReloadInterval = null,
        TimeSpan? certificateReloadInterval = null) =>
        new()
        {
            GetVariable = name => variables is not null && variables.TryGetValue(name, out string? value) ? value : null,
            HomeDirectory = home ?? "/nonexistent-home",
            ServiceAccountDirectory = serviceAccountDirectory ?? "/nonexistent-serviceaccount",
            TimeProvider = clock ?? TimeProvider.System,
            TokenFileReloadInterval = tokenFileReloadInterval ?? TimeSpan.FromMinutes(1),
            CertificateReloadInterval = certificateReloadInterval ?? TimeSpan.FromMinutes(5),
        };
}
