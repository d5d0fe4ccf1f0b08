using System.Buffers.Binary;
using System.Globalization;
using ScSession.Internal;

namespace ScSession.Tool;

/// <summary>A session cookie opened: its format, which key opened it, and the session inside.</summary>
internal sealed record DecodedCookie(int Format, uint KeyId, string OpenedWith, SessionEnvelope Envelope);

/// <summary>
/// Opens a session cookie value with the library's <see cref="CookieSessionCodec"/> and, when it does not open, says
/// why in one sentence the user can act on: wrong key, application name needed, tampered, Data Protection, garbage.
/// </summary>
internal static class CookieDecoder
{
    private const int HeaderLength = 1 + CookieKey.KeyIdLength;

    public static DecodedCookie Decode(string value, SecretKeys keys, string cookieName, string? applicationName)
    {
        var frame = DecodeFrame(value);
        var format = frame[0] switch
        {
            CookieFormat.AesGcmV1 => 1,
            CookieFormat.XaesV2 => 2,
            CookieFormat.DataProtectionV1 or CookieFormat.DataProtectionV2 => throw ToolError.CannotProcess(
                "this cookie is protected with ASP.NET Core Data Protection (the app has no SecretKey): only the app's key ring can open it, not scsession"),
            _ => throw ToolError.CannotProcess(
                $"not a ScSession cookie: it starts with format byte 0x{frame[0]:x2}, not a format ScSession writes"),
        };
        if (frame.Length < HeaderLength)
        {
            throw ToolError.CannotProcess($"the cookie is too short to be a ScSession cookie ({frame.Length} bytes): it was cut off");
        }

        var keyId = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1));
        var openedWith = FindKey(keys, keyId) ?? throw ToolError.CannotProcess(
            $"wrong key: the cookie was written with key ID {Hex(keyId)}, and --key is {Hex(SecretKeys.KeyIdOf(keys.Current))}" +
            (keys.Previous.Count > 0 ? $", the previous keys {string.Join(", ", keys.Previous.Select(k => Hex(SecretKeys.KeyIdOf(k))))}" : string.Empty));

        // No --app: format 1 needs none; for format 2 the empty name (which no app resolves to) makes the failure
        // certain, and the message below says what to pass.
        using var codec = new CookieSessionCodec(cookieName, applicationName ?? string.Empty, keys.Current, keys.Previous, dataProtection: null);
        var status = codec.TryDecode(value, out var envelope);
        return status switch
        {
            CookieDecodeStatus.Success => new DecodedCookie(format, keyId, openedWith, envelope!),
            CookieDecodeStatus.Tampered when format == 2 && applicationName is null => throw ToolError.CannotProcess(
                "the cookie did not open: format-2 cookies are bound to the application name, so pass --app NAME " +
                "(the app's ScSessionOptions.ApplicationName; by default its IHostEnvironment.ApplicationName, usually the app's assembly name)"),
            CookieDecodeStatus.Tampered when format == 2 => throw ToolError.CannotProcess(
                $"the cookie did not open with this key: it was changed (tampered or damaged), or it was written for another application than " +
                $"--app '{applicationName}' or another cookie name than '{cookieName}'"),
            CookieDecodeStatus.Tampered => throw ToolError.CannotProcess(
                $"the cookie did not open with this key: it was changed (tampered or damaged), or it was written for another cookie name than '{cookieName}'"),
            _ => throw ToolError.CannotProcess("the cookie is malformed: too short for its format, or the session inside it is damaged"),
        };
    }

    /// <summary>The cookie's bytes, decoded as strictly as the library does (one spelling per value).</summary>
    private static byte[] DecodeFrame(string value)
    {
        var length = StrictBase64Url.DecodedLength(value.Length);
        var frame = new byte[Math.Max(length, 0)];
        if (length < 1 || !StrictBase64Url.TryDecode(value, frame, out var written))
        {
            throw ToolError.CannotProcess(
                "the cookie is not base64url as ScSession writes it (only A-Z a-z 0-9 - _, no padding, not cut off): it is malformed or not a ScSession cookie");
        }

        return frame[..written];
    }

    private static string? FindKey(SecretKeys keys, uint keyId)
    {
        if (SecretKeys.KeyIdOf(keys.Current) == keyId)
        {
            return "--key";
        }

        for (var i = 0; i < keys.Previous.Count; i++)
        {
            if (SecretKeys.KeyIdOf(keys.Previous[i]) == keyId)
            {
                return $"--previous-key #{i + 1}";
            }
        }

        return null;
    }

    public static string Hex(uint keyId) => keyId.ToString("x8", CultureInfo.InvariantCulture);
}
