using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ScSession.Internal;

/// <summary>
/// One secret key (<see cref="ScSessionOptions.SecretKey"/> or a previous one): its public key ID and its ciphers for
/// both AES formats. Everything is derived by HKDF-SHA256 from one pseudorandom key, <c>Extract(salt "ScSession.v1",
/// secret)</c>, with a different <c>info</c> per use, so no derived value reveals another.
/// </summary>
internal sealed class CookieKey : IDisposable
{
    public const int KeyIdLength = 4;
    private const int AesGcmTagLength = 16;

    private static readonly byte[] s_salt = "ScSession.v1"u8.ToArray();
    private static readonly byte[] s_keyIdInfo = "ScSession cookie key id"u8.ToArray();
    private static readonly byte[] s_v2KeyInfo = "ScSession cookie key v2"u8.ToArray();

    private readonly byte[] _v1Key;
    private readonly ThreadLocal<AesGcm> _v1Cipher;

    /// <param name="secret">The secret key's bytes.</param>
    /// <param name="cookieName">The cookie name, which format 1 binds its key to.</param>
    /// <param name="binding">Format 2's binding: the length-prefixed cookie name and application name.</param>
    public CookieKey(byte[] secret, string cookieName, ReadOnlySpan<byte> binding)
    {
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, secret, s_salt);
        Span<byte> v2Key = stackalloc byte[Xaes256Gcm.KeySizeInBytes];
        try
        {
            // The key ID is public (it travels in the cookie) and derived from the secret alone: it names the secret,
            // whatever the format, cookie name or application, so rotation works the same for every format.
            Span<byte> id = stackalloc byte[KeyIdLength];
            HKDF.Expand(HashAlgorithmName.SHA256, prk, id, s_keyIdInfo);
            KeyId = BinaryPrimitives.ReadUInt32BigEndian(id);

            _v1Key = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, Encoding.UTF8.GetBytes("ScSession cookie encryption key:" + cookieName));

            var info = new byte[s_v2KeyInfo.Length + binding.Length];
            s_v2KeyInfo.CopyTo(info, 0);
            binding.CopyTo(info.AsSpan(s_v2KeyInfo.Length));
            HKDF.Expand(HashAlgorithmName.SHA256, prk, v2Key, info);
            Xaes = new Xaes256Gcm(v2Key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
            CryptographicOperations.ZeroMemory(v2Key);
        }

        // Untracked, as in Xaes256Gcm: a thread's instance goes (and is finalized) with the thread.
        _v1Cipher = new ThreadLocal<AesGcm>(() => new AesGcm(_v1Key, AesGcmTagLength));
        AssociatedDataV1 = [.. Header(CookieFormat.AesGcmV1), .. Encoding.UTF8.GetBytes(cookieName)];
        AssociatedDataV2 = [.. Header(CookieFormat.XaesV2), .. binding];
    }

    public uint KeyId { get; }

    /// <summary>Format 2's cipher, its key bound to the cookie name and the application.</summary>
    public Xaes256Gcm Xaes { get; }

    /// <summary>Format 1's associated data: the header (format, key ID) and the cookie name.</summary>
    public byte[] AssociatedDataV1 { get; }

    /// <summary>Format 2's associated data: the header (format, key ID), then the length-prefixed cookie name and application name.</summary>
    public byte[] AssociatedDataV2 { get; }

    /// <summary>Writes the cookie header, <c>format | key ID</c>.</summary>
    public void WriteHeader(byte format, Span<byte> destination)
    {
        destination[0] = format;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], KeyId);
    }

    /// <summary>Format 1 (read only): AES-256-GCM under the key bound to the cookie name.</summary>
    public void DecryptV1(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
        => _v1Cipher.Value!.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedDataV1);

    private byte[] Header(byte format)
    {
        var header = new byte[1 + KeyIdLength];
        WriteHeader(format, header);
        return header;
    }

    public void Dispose()
    {
        if (_v1Cipher.IsValueCreated)
        {
            _v1Cipher.Value!.Dispose();
        }

        _v1Cipher.Dispose();
        Xaes.Dispose();
        CryptographicOperations.ZeroMemory(_v1Key);
    }
}
