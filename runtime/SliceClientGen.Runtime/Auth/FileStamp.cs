using System.IO;
using System.Security.Cryptography;

namespace SliceClientGen.Runtime.Auth;

/// <summary>Content hashes of files watched for changes (a hash, so no second copy of a key stays in memory).</summary>
internal static class FileStamp
{
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="System.UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] Of(string path) => SHA256.HashData(File.ReadAllBytes(path));
}
