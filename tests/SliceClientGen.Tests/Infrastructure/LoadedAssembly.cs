using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>
/// A compiled test assembly loaded into its own collectible <see cref="AssemblyLoadContext"/>; disposing it unloads
/// the context. SliceClientGen.Runtime resolves to the instance the test process already loaded, so runtime types
/// (e.g. <c>JsonPathException</c>) are the same types the test sees; everything else comes from the default context.
/// </summary>
public sealed class LoadedAssembly : IDisposable
{
    private readonly IsolatedLoadContext context;

    private LoadedAssembly(IsolatedLoadContext context, Assembly assembly)
    {
        this.context = context;
        Assembly = assembly;
    }

    /// <summary>The loaded assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>The load context the assembly lives in.</summary>
    public AssemblyLoadContext Context => context;

    /// <summary>Returns the type named <paramref name="fullName"/>, failing with the list of available types if absent.</summary>
    /// <exception cref="InvalidOperationException">No such type; the message lists the assembly's types.</exception>
    public Type GetType(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        return Assembly.GetType(fullName, throwOnError: false)
            ?? throw new InvalidOperationException(
                $"Type '{fullName}' is not in '{Assembly.GetName().Name}'. Types: " +
                string.Join(", ", Assembly.GetTypes().Select(t => t.FullName).Order(StringComparer.Ordinal)));
    }

    /// <summary>Creates an instance of <paramref name="fullName"/> with its public parameterless constructor.</summary>
    public object CreateInstance(string fullName) =>
        Activator.CreateInstance(GetType(fullName))
        ?? throw new InvalidOperationException($"Activator returned null for '{fullName}'.");

    /// <summary>Unloads the load context (collection happens once no references to its types remain).</summary>
    public void Dispose() => context.Unload();

    internal static LoadedAssembly Load(string name, Stream peStream, Stream pdbStream, Assembly runtimeAssembly)
    {
        var context = new IsolatedLoadContext(name, runtimeAssembly);
        Assembly assembly = context.LoadFromStream(peStream, pdbStream);
        return new LoadedAssembly(context, assembly);
    }

    private sealed class IsolatedLoadContext(string name, Assembly runtimeAssembly)
        : AssemblyLoadContext($"SliceClientGen.Tests:{name}", isCollectible: true)
    {
        private readonly string runtimeName = runtimeAssembly.GetName().Name!;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            string.Equals(assemblyName.Name, runtimeName, StringComparison.Ordinal) ? runtimeAssembly : null;
    }
}
