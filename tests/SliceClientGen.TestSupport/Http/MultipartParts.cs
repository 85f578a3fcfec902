using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace SliceClientGen.TestSupport;

/// <summary>One part of a recorded <c>multipart/form-data</c> body.</summary>
/// <param name="Name">The part's name (Content-Disposition <c>name</c>).</param>
/// <param name="FileName">The file name, or null.</param>
/// <param name="ContentType">The part's Content-Type, or null.</param>
/// <param name="Body">The part's bytes.</param>
public sealed record MultipartPart(string Name, string? FileName, string? ContentType, byte[] Body)
{
    /// <summary>The bytes as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>Reads the parts of a recorded <c>multipart/form-data</c> request, as ASP.NET Core's MultipartReader does.</summary>
public static class MultipartParts
{
    /// <summary>The parts in the order they were sent.</summary>
    public static async Task<List<MultipartPart>> ReadAsync(RecordedRequest request)
    {
        var contentType = MediaTypeHeaderValue.Parse(request.Header("Content-Type") ?? throw new InvalidOperationException("The request has no Content-Type."));
        string boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var parts = new List<MultipartPart>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var body = new MemoryStream();
            await section.Body.CopyToAsync(body);
            parts.Add(new MultipartPart(
                HeaderUtilities.RemoveQuotes(disposition.Name).Value!,
                disposition.FileName.HasValue ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null,
                section.ContentType,
                body.ToArray()));
        }

        return parts;
    }
}
