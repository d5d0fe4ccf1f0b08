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

/// <summary>The first byte of a cookie (before base64url): which format it is in.</summary>
internal static class CookieFormat
{
    /// <summary>Format 1, read only: AES-256-GCM, 96-bit random nonce, key bound to the cookie name.</summary>
    public const byte AesGcmV1 = 0x01;

    /// <summary>Format 1, read only: Data Protection, purposes bound to the cookie name.</summary>
    public const byte DataProtectionV1 = 0x02;

    /// <summary>Format 2: XAES-256-GCM, 192-bit random nonce, key bound to the cookie name and the application.</summary>
    public const byte XaesV2 = 0x03;

    /// <summary>Format 2: Data Protection, purposes bound to the cookie name and the application.</summary>
    public const byte DataProtectionV2 = 0x04;
}

/// <summary>
/// Encrypts and authenticates session envelopes for the cookie, and back. With a secret key: XAES-256-GCM
/// (AES-256-GCM under keys derived from 192-bit nonces, see <see cref="Xaes256Gcm"/>), its key derived by HKDF-SHA256
/// from the secret and bound to the cookie name and the application name, with a 4-byte key ID so previous keys can
/// still be read. Without one: ASP.NET Core Data Protection. base64url on the wire. Cookies of format 1 are still
/// read; every write is format 2.
/// </summary>
/// <remarks>
/// Wire layouts (before base64url), with <c>binding = len(cookie name) | cookie name | len(application) | application</c>
/// (UTF-8, lengths uint32 big-endian):
/// <list type="bullet">
/// <item><c>0x03 | key ID (4) | nonce (24) | ciphertext | tag (16)</c>, associated data <c>0x03 | key ID | binding</c>.</item>
/// <item><c>0x04 | protected payload</c>, purposes <c>"ScSession.Cookie.v2", cookie name, application name</c>.</item>
/// <item>Read only: <c>0x01 | key ID (4) | nonce (12) | ciphertext | tag (16)</c>, associated data
/// <c>0x01 | key ID | cookie name</c>; <c>0x02 | protected payload</c>, purposes <c>"ScSession.Cookie.v1", cookie name</c>.</item>
/// </list>
/// The full derivation is in docs/security.md.
/// </remarks>
internal sealed class CookieSessionCodec : IDisposable
{
    private const int HeaderLength = 1 + CookieKey.KeyIdLength;
    private const int TagLength = 16;
    private const int V1NonceLength = 12;
    private const int V2NonceLength = Xaes256Gcm.NonceSizeInBytes;
    private const int V2Overhead = HeaderLength + V2NonceLength + TagLength;

    private readonly CookieKey? _currentKey;
    private readonly CookieKey[] _keys;
    private readonly IDataProtector? _protector;
    private readonly IDataProtector? _protectorV1;

    public CookieSessionCodec(string cookieName, string applicationName, byte[]? secretKey, IEnumerable<byte[]> previousKeys, IDataProtectionProvider? dataProtection)
    {
        ArgumentNullException.ThrowIfNull(cookieName);
        ArgumentNullException.ThrowIfNull(applicationName);
        if (secretKey is not null)
        {
            var binding = Binding(cookieName, applicationName);
            _currentKey = new CookieKey(secretKey, cookieName, binding);
            _keys = [_currentKey, .. previousKeys.Select(k => new CookieKey(k, cookieName, binding))];
        }
        else
        {
            ArgumentNullException.ThrowIfNull(dataProtection);
            _keys = [];
            _protector = dataProtection.CreateProtector("ScSession.Cookie.v2", cookieName, applicationName);
            _protectorV1 = dataProtection.CreateProtector("ScSession.Cookie.v1", cookieName);
        }
    }

    public bool UsesDataProtection => _protector is not null;

    /// <summary>
    /// <c>len(cookie name) | cookie name | len(application) | application</c>: each name carries its length, so
    /// ("a", "bc") and ("ab", "c") bind different keys.
    /// </summary>
    private static byte[] Binding(string cookieName, string applicationName)
    {
        var cookie = Encoding.UTF8.GetBytes(cookieName);
        var application = Encoding.UTF8.GetBytes(applicationName);
        var binding = new byte[4 + cookie.Length + 4 + application.Length];
        BinaryPrimitives.WriteUInt32BigEndian(binding, (uint)cookie.Length);
        cookie.CopyTo(binding, 4);
        BinaryPrimitives.WriteUInt32BigEndian(binding.AsSpan(4 + cookie.Length), (uint)application.Length);
        application.CopyTo(binding, 4 + cookie.Length + 4);
        return binding;
    }

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
                framed[0] = CookieFormat.DataProtectionV2;
                protectedBytes.CopyTo(framed, 1);
                return Base64Url.EncodeToString(framed.AsSpan(0, protectedBytes.Length + 1));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(framed);
            }
        }

        // One pooled buffer: the envelope is written where its ciphertext goes and encrypted in place.
        var length = V2Overhead + plaintextLength;
        var output = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var frame = output.AsSpan(0, length);
            _currentKey.WriteHeader(CookieFormat.XaesV2, frame);
            var nonce = frame.Slice(HeaderLength, V2NonceLength);
            _currentKey.Xaes.NewNonce(nonce);
            var ciphertext = frame.Slice(HeaderLength + V2NonceLength, plaintextLength);
            envelope.WriteTo(ciphertext);
            _currentKey.Xaes.Encrypt(nonce, ciphertext, ciphertext, frame[^TagLength..], _currentKey.AssociatedDataV2);
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
            var status = frame[0] switch
            {
                CookieFormat.XaesV2 => TryDecrypt(frame, V2NonceLength, out plaintext),
                CookieFormat.AesGcmV1 => TryDecrypt(frame, V1NonceLength, out plaintext),
                CookieFormat.DataProtectionV2 => TryUnprotect(_protector, frame, out plaintext),
                CookieFormat.DataProtectionV1 => TryUnprotect(_protectorV1, frame, out plaintext),
                _ => Fail(CookieDecodeStatus.Malformed, out plaintext),
            };
            if (status != CookieDecodeStatus.Success)
            {
                return status;
            }

            return SessionEnvelope.TryParse(plaintext, out envelope) ? CookieDecodeStatus.Success : CookieDecodeStatus.Malformed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CookieDecodeStatus Fail(CookieDecodeStatus status, out byte[] plaintext)
    {
        plaintext = [];
        return status;
    }

    private static CookieDecodeStatus TryUnprotect(IDataProtector? protector, ReadOnlySpan<byte> frame, out byte[] plaintext)
    {
        if (protector is null)
        {
            return Fail(CookieDecodeStatus.UnknownKey, out plaintext);
        }

        try
        {
            plaintext = protector.Unprotect(frame[1..].ToArray());
            return CookieDecodeStatus.Success;
        }
        catch (CryptographicException)
        {
            return Fail(CookieDecodeStatus.Tampered, out plaintext);
        }
    }

    /// <summary>Both AES formats: <c>format | key ID | nonce | ciphertext | tag</c>, with a nonce of 12 (format 1) or 24 (format 2) bytes.</summary>
    private CookieDecodeStatus TryDecrypt(ReadOnlySpan<byte> frame, int nonceLength, out byte[] plaintext)
    {
        var overhead = HeaderLength + nonceLength + TagLength;
        if (frame.Length < overhead)
        {
            return Fail(CookieDecodeStatus.Malformed, out plaintext);
        }

        var key = FindKey(BinaryPrimitives.ReadUInt32BigEndian(frame[1..]));
        if (key is null)
        {
            return Fail(CookieDecodeStatus.UnknownKey, out plaintext);
        }

        var nonce = frame.Slice(HeaderLength, nonceLength);
        var ciphertext = frame.Slice(HeaderLength + nonceLength, frame.Length - overhead);
        var tag = frame[^TagLength..];
        var result = new byte[ciphertext.Length];
        try
        {
            if (nonceLength == V2NonceLength)
            {
                key.Xaes.Decrypt(nonce, ciphertext, tag, result, key.AssociatedDataV2);
            }
            else
            {
                key.DecryptV1(nonce, ciphertext, tag, result);
            }
        }
        catch (AuthenticationTagMismatchException)
        {
            return Fail(CookieDecodeStatus.Tampered, out plaintext);
        }

        plaintext = result;
        return CookieDecodeStatus.Success;
    }

    private CookieKey? FindKey(uint keyId)
    {
        foreach (var candidate in _keys)
        {
            if (candidate.KeyId == keyId)
            {
                return candidate;
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
