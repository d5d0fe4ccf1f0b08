using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace ScSession.Internal;

/// <summary>Outcome of decoding a session cookie value.</summary>
internal enum CookieDecodeStatus
{
    Success,
    Malformed,
    Tampered,
    UnknownKey,
}

/// <summary>
/// Encrypts and authenticates session envelopes for the cookie, and back.
/// With a secret key: AES-256-GCM, key derived by HKDF-SHA256 from the secret and bound to the cookie name,
/// a 4-byte key ID (so previous keys can still be read) and a random 96-bit nonce per write.
/// Without one: ASP.NET Core Data Protection. base64url on the wire.
/// </summary>
/// <remarks>
/// Wire layout (before base64url), AES-GCM: <c>0x01 | key ID (4) | nonce (12) | ciphertext | tag (16)</c>, the
/// associated data being the first 5 bytes followed by the cookie name in UTF-8. Data Protection:
/// <c>0x02 | protected payload</c>, the protector's purpose including the cookie name.
/// </remarks>
internal sealed class CookieSessionCodec : IDisposable
{
    private const byte AesGcmFormat = 0x01;
    private const byte DataProtectionFormat = 0x02;
    private const int KeyIdLength = 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int AesHeaderLength = 1 + KeyIdLength;
    private const int AesOverhead = AesHeaderLength + NonceLength + TagLength;

    private readonly byte[] _cookieName;
    private readonly CookieKey? _currentKey;
    private readonly CookieKey[] _keys;
    private readonly IDataProtector? _protector;

    public CookieSessionCodec(string cookieName, byte[]? secretKey, IEnumerable<byte[]> previousKeys, IDataProtectionProvider? dataProtection)
    {
        _cookieName = Encoding.UTF8.GetBytes(cookieName);
        if (secretKey is not null)
        {
            _currentKey = new CookieKey(secretKey, cookieName);
            _keys = [_currentKey, .. previousKeys.Select(k => new CookieKey(k, cookieName))];
        }
        else
        {
            ArgumentNullException.ThrowIfNull(dataProtection);
            _keys = [];
            _protector = dataProtection.CreateProtector("ScSession.Cookie.v1", cookieName);
        }
    }

    public bool UsesDataProtection => _protector is not null;

    public string Encode(SessionEnvelope envelope)
    {
        var plaintextLength = envelope.GetEncodedLength();
        if (_currentKey is null)
        {
            var plaintext = new byte[plaintextLength];
            envelope.WriteTo(plaintext);
            var protectedBytes = _protector!.Protect(plaintext);
            var framed = ArrayPool<byte>.Shared.Rent(protectedBytes.Length + 1);
            try
            {
                framed[0] = DataProtectionFormat;
                protectedBytes.CopyTo(framed, 1);
                return Base64Url.EncodeToString(framed.AsSpan(0, protectedBytes.Length + 1));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(framed);
            }
        }

        // One pooled buffer: the envelope is written where its ciphertext goes and encrypted in place.
        var length = AesOverhead + plaintextLength;
        var output = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var frame = output.AsSpan(0, length);
            frame[0] = AesGcmFormat;
            BinaryPrimitives.WriteUInt32BigEndian(frame[1..], _currentKey.KeyId);
            var nonce = frame.Slice(AesHeaderLength, NonceLength);
            NonceSource.Fill(nonce);
            var ciphertext = frame.Slice(AesHeaderLength + NonceLength, plaintextLength);
            envelope.WriteTo(ciphertext);
            var tag = frame[^TagLength..];

            Span<byte> associatedData = stackalloc byte[AesHeaderLength + _cookieName.Length];
            BuildAssociatedData(frame[..AesHeaderLength], associatedData);
            _currentKey.Encrypt(nonce, ciphertext, ciphertext, tag, associatedData);
            return Base64Url.EncodeToString(frame);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output, clearArray: true); // it held the plaintext
        }
    }

    public CookieDecodeStatus TryDecode(ReadOnlySpan<char> value, out SessionEnvelope? envelope)
    {
        envelope = null;
        if (value.Length == 0)
        {
            return CookieDecodeStatus.Malformed;
        }

        var decodedLength = StrictBase64Url.DecodedLength(value.Length);
        if (decodedLength < 1)
        {
            return CookieDecodeStatus.Malformed;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(decodedLength);
        try
        {
            if (!StrictBase64Url.TryDecode(value, buffer.AsSpan(0, decodedLength), out var written))
            {
                return CookieDecodeStatus.Malformed; // blanks, escapes, padding, foreign characters: never an exception
            }

            var frame = buffer.AsSpan(0, written);
            byte[] plaintext;
            switch (frame[0])
            {
                case AesGcmFormat:
                    var status = TryDecrypt(frame, out plaintext);
                    if (status != CookieDecodeStatus.Success)
                    {
                        return status;
                    }

                    break;
                case DataProtectionFormat:
                    if (_protector is null)
                    {
                        return CookieDecodeStatus.UnknownKey;
                    }

                    try
                    {
                        plaintext = _protector.Unprotect(frame[1..].ToArray());
                    }
                    catch (CryptographicException)
                    {
                        return CookieDecodeStatus.Tampered;
                    }

                    break;
                default:
                    return CookieDecodeStatus.Malformed;
            }

            return SessionEnvelope.TryParse(plaintext, out envelope) ? CookieDecodeStatus.Success : CookieDecodeStatus.Malformed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private CookieDecodeStatus TryDecrypt(ReadOnlySpan<byte> frame, out byte[] plaintext)
    {
        plaintext = [];
        if (frame.Length < AesOverhead)
        {
            return CookieDecodeStatus.Malformed;
        }

        if (_currentKey is null)
        {
            return CookieDecodeStatus.UnknownKey;
        }

        var keyId = BinaryPrimitives.ReadUInt32BigEndian(frame[1..]);
        CookieKey? key = null;
        foreach (var candidate in _keys)
        {
            if (candidate.KeyId == keyId)
            {
                key = candidate;
                break;
            }
        }

        if (key is null)
        {
            return CookieDecodeStatus.UnknownKey;
        }

        Span<byte> associatedData = stackalloc byte[AesHeaderLength + _cookieName.Length];
        BuildAssociatedData(frame[..AesHeaderLength], associatedData);
        var result = new byte[frame.Length - AesOverhead];
        try
        {
            key.Decrypt(
                frame.Slice(AesHeaderLength, NonceLength),
                frame.Slice(AesHeaderLength + NonceLength, result.Length),
                frame[^TagLength..],
                result,
                associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return CookieDecodeStatus.Tampered;
        }

        plaintext = result;
        return CookieDecodeStatus.Success;
    }

    private void BuildAssociatedData(ReadOnlySpan<byte> header, Span<byte> destination)
    {
        header.CopyTo(destination);
        _cookieName.CopyTo(destination[header.Length..]);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    /// <summary>
    /// Random 96-bit nonces from the OS CSPRNG, fetched 4 KB at a time per thread: one <see cref="RandomNumberGenerator"/>
    /// call costs microseconds whatever its size, so buffering takes it off the per-request path. Every nonce is still
    /// fresh random output, used once (its bytes are zeroed as they are handed out).
    /// </summary>
    private static class NonceSource
    {
        private const int BufferSize = NonceLength * 341; // 4092 bytes

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
            if (t_offset + nonce.Length > buffer.Length)
            {
                t_offset = 0; // refill on the next call
            }
        }
    }

    /// <summary>One secret key: its derived AES key, its public key ID, and per-thread cipher instances.</summary>
    private sealed class CookieKey : IDisposable
    {
        private static readonly byte[] s_salt = "ScSession.v1"u8.ToArray();
        private readonly byte[] _aesKey;
        private readonly ThreadLocal<AesGcm> _cipher;

        public CookieKey(byte[] secret, string cookieName)
        {
            _aesKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, s_salt, Encoding.UTF8.GetBytes("ScSession cookie encryption key:" + cookieName));
            // The key ID is public (it travels in the cookie): derive it separately so it reveals nothing about the AES key.
            var id = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 4, s_salt, "ScSession cookie key id"u8.ToArray());
            KeyId = BinaryPrimitives.ReadUInt32BigEndian(id);
            _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(_aesKey, TagLength), trackAllValues: true);
        }

        public uint KeyId { get; }

        public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
            => _cipher.Value!.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

        public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
            => _cipher.Value!.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);

        public void Dispose()
        {
            foreach (var cipher in _cipher.Values)
            {
                cipher.Dispose();
            }

            _cipher.Dispose();
            CryptographicOperations.ZeroMemory(_aesKey);
        }
    }
}
