using System.Text;

namespace SliceClientGen.TestSupport;

/// <summary>A fresh directory of its own under the system temp directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("scg-tests-").FullName;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="relative"/> in this directory.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="relative"/> (directories created) and returns the full path.</summary>
    public string Write(string relative, string text)
    {
        string path = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes a /bin/sh script (<c>#!/bin/sh</c> and <paramref name="body"/>), makes it executable and returns its full path.</summary>
    public string WriteScript(string relative, string body)
    {
        string path = Write(relative, "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Test scripts are /bin/sh scripts.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
