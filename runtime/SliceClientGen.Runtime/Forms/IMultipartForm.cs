namespace SliceClientGen.Runtime.Forms;

/// <summary>A generated <c>multipart/form-data</c> body: each property one part.</summary>
public interface IMultipartForm
{
    /// <summary>Adds the parts that are set, in declaration order.</summary>
    /// <param name="parts">The body being built.</param>
    void WriteParts(MultipartFormBody parts);
}
