import LedgerStore

extension ChannelListener.Subscription {
    /// Price changes from every replica and the CLI: this replica's kept candidates go.
    public static func priceChanges(emptying cache: PriceCandidatesCache) -> Self {
        Self(channel: PriceRepository.changeChannel, listening: cache.listening) { _ in cache.pricesChanged() }
    }
}
