<?php
/**
 * How many tokens the REST route hands one user: each token can start a WhatsApp message, so
 * a signed-in account (or a script holding its cookie) must not ask for them without limit.
 * The times of the last tokens live in user meta; a minute's window, five by default.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * A sliding one-minute window of tokens per user.
 */
final class Token_Throttle {

	/** User meta: Unix times of the user's recent tokens. */
	public const META = '_authsignal_whatsapp_token_times';

	/** The window, in seconds. */
	public const WINDOW = MINUTE_IN_SECONDS;

	/** Tokens per user per window. */
	public const LIMIT = 5;

	/**
	 * Seconds until this user may have another token: 0 when they may now.
	 *
	 * @param int $user_id The user.
	 */
	public static function wait( int $user_id ): int {
		$times = self::recent( $user_id );
		/**
		 * Filters how many tokens the token route gives one user per minute.
		 *
		 * @param int $limit   Default 5.
		 * @param int $user_id The user.
		 */
		$limit = max( 1, (int) apply_filters( 'authsignal_whatsapp_token_rate_limit', self::LIMIT, $user_id ) );
		if ( count( $times ) < $limit ) {
			return 0;
		}
		sort( $times );
		return max( 1, $times[ count( $times ) - $limit ] + self::WINDOW - time() );
	}

	/**
	 * Counts a token handed to the user.
	 *
	 * @param int $user_id The user.
	 */
	public static function record( int $user_id ): void {
		$times   = self::recent( $user_id );
		$times[] = time();
		update_user_meta( $user_id, self::META, $times );
	}

	/**
	 * The user's token times within the window.
	 *
	 * @param int $user_id The user.
	 * @return int[]
	 */
	private static function recent( int $user_id ): array {
		$stored = get_user_meta( $user_id, self::META, true );
		$since  = time() - self::WINDOW;
		return array_values( array_filter( array_map( 'intval', is_array( $stored ) ? $stored : array() ), static fn( int $t ): bool => $t > $since ) );
	}
}
