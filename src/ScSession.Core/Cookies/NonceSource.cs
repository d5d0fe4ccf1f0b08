using System.Security.Cryptography;

namespace ScSession.Internal;

/// <summary>
/// Random nonces from the OS CSPRNG, fetched 4 KB at a time per thread: one <see cref="RandomNumberGenerator"/>
/// call costs microseconds whatever its size, so buffering takes it off the per-request path. Every nonce is still
/// fresh random output, used once (its bytes are zeroed as they are handed out).
/// </summary>
internal static class NonceSource
{
    private const int BufferSize = 24 * 170; // 4080 bytes: whole 24-byte (XAES) and 12-byte (AES-GCM) nonces

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    public static void Fill(Span<byte> nonce)
    {
        var buffer = t_buffer ??= new byte[BufferSize];
        if (t_offset == 0 || t_offset + nonce.Length > buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            t_offset = 0;
        }

        var slice = buffer.AsSpan(t_offset, nonce.Length);
        slice.CopyTo(nonce);
        slice.Clear();
        t_offset += nonce.Length;
        if (t_offset == buffer.Length)
        {
            t_offset = 0; // refill on the next call
        }
    }
}
