namespace ScSession.Samples.Shop;

/// <summary>Which store the shop keeps sessions in: the <c>ScSession:Store</c> setting (cookie, memory, redis, postgres).</summary>
public static class ShopStore
{
    public static string Kind(IConfiguration configuration) => configuration["ScSession:Store"]?.Trim().ToLowerInvariant() switch
    {
        null or "" => "cookie",
        var kind => kind,
    };

    /// <summary>A server store can list and end a user's sessions; a cookie, once issued, cannot be called back.</summary>
    public static bool CanListDevices(IConfiguration configuration) => Kind(configuration) != "cookie";
}
