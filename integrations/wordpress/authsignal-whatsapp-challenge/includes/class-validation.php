<?php
/**
 * Input rules with no side effects: phone numbers, action codes, API URLs. Kept pure so that
 * the unit tests can call them with any input.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Normalises and checks what people and settings hand the plugin.
 */
final class Validation {

	/** The action code used when the settings name none. */
	public const DEFAULT_ACTION = 'whatsappVerification';

	/** The action code of the sign-in step; pages cannot ask for it. */
	public const SIGN_IN_ACTION = 'signIn';

	/**
	 * A phone number in E.164 (`+` and 8 to 15 digits, no leading zero), or null. Spaces,
	 * dashes, dots and brackets that people type are removed first; a leading `00` is read as `+`.
	 *
	 * @param mixed $input What was typed.
	 * @return string|null
	 */
	public static function phone_number( $input ): ?string {
		if ( ! is_string( $input ) ) {
			return null;
		}
		$number = preg_replace( '/[\s\-.()\x{00A0}]/u', '', $input );
		if ( ! is_string( $number ) ) {
			return null;
		}
		if ( str_starts_with( $number, '00' ) ) {
			$number = '+' . substr( $number, 2 );
		}
		return preg_match( '/^\+[1-9][0-9]{7,14}$/D', $number ) ? $number : null;
	}

	/**
	 * An Authsignal action code (a letter, then up to 63 letters, digits, `_` or `-`), or null.
	 *
	 * @param mixed $input The code.
	 * @return string|null
	 */
	public static function action_code( $input ): ?string {
		if ( ! is_string( $input ) ) {
			return null;
		}
		$code = trim( $input );
		return preg_match( '/^[A-Za-z][A-Za-z0-9_-]{0,63}$/D', $code ) ? $code : null;
	}

	/**
	 * An action code a page may ask a token for: a valid code that is not the sign-in step's.
	 *
	 * @param mixed $input The code.
	 * @return string|null
	 */
	public static function page_action_code( $input ): ?string {
		$code = self::action_code( $input );
		return ( null === $code || 0 === strcasecmp( $code, self::SIGN_IN_ACTION ) ) ? null : $code;
	}

	/**
	 * A Server API URL: `https:`, or `http:` on a loopback host (a local simulator); no user
	 * info, query or fragment; without a trailing slash. Null when it is none of that.
	 *
	 * @param mixed $input The URL.
	 * @return string|null
	 */
	public static function api_url( $input ): ?string {
		if ( ! is_string( $input ) || '' === trim( $input ) ) {
			return null;
		}
		$url   = trim( $input );
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return null;
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) || str_contains( $url, '?' ) || str_contains( $url, '#' ) ) {
			return null;
		}
		$scheme   = strtolower( $parts['scheme'] );
		$host     = strtolower( trim( $parts['host'], '[]' ) );
		$loopback = self::is_loopback_host( $host );
		if ( 'https' !== $scheme && ! ( 'http' === $scheme && $loopback ) ) {
			return null;
		}
		return rtrim( $url, '/' );
	}

	/**
	 * Whether a URL's host names this computer: `localhost`, `::1`, or a literal IPv4 address
	 * in 127.0.0.0/8. A host name that merely starts with "127." (127.attacker.example,
	 * 127.0.0.1.nip.io) is looked up in DNS and can be anywhere.
	 *
	 * @param string $host The host, lower case, without IPv6 brackets.
	 */
	public static function is_loopback_host( string $host ): bool {
		if ( 'localhost' === $host || '::1' === $host ) {
			return true;
		}
		return false !== filter_var( $host, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) && str_starts_with( $host, '127.' );
	}

	/**
	 * One of Authsignal's regions, or null.
	 *
	 * @param mixed $input The region.
	 * @return string|null
	 */
	public static function region( $input ): ?string {
		return ( is_string( $input ) && isset( Settings::REGION_API_URLS[ $input ] ) ) ? $input : null;
	}

	/**
	 * The BCP 47 tag for a WordPress locale (`pt_BR` -> `pt-BR`, `de_DE_formal` -> `de-DE`).
	 *
	 * @param string $locale A WordPress locale or a BCP 47 tag.
	 * @return string
	 */
	public static function language_tag( string $locale ): string {
		$parts = array_values( array_filter( explode( '-', str_replace( '_', '-', $locale ) ) ) );
		$parts = array_slice( $parts, 0, 2 );
		if ( ! $parts || ! preg_match( '/^[A-Za-z]{2,3}$/D', $parts[0] ) ) {
			return 'en';
		}
		$tag = strtolower( $parts[0] );
		if ( isset( $parts[1] ) && preg_match( '/^[A-Za-z]{2}$|^[0-9]{3}$|^[A-Za-z]{4}$/D', $parts[1] ) ) {
			$tag .= '-' . ( 4 === strlen( $parts[1] ) ? ucfirst( strtolower( $parts[1] ) ) : strtoupper( $parts[1] ) );
		}
		return $tag;
	}
}
