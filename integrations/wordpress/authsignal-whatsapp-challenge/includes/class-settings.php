<?php
/**
 * The plugin's settings, read in one place: the option, with wp-config.php constants on top.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Reads `authsignal_whatsapp_settings`; `AUTHSIGNAL_SECRET_KEY` and `AUTHSIGNAL_API_URL`
 * override the stored secret key and API URL.
 */
final class Settings {

	/** The option that holds every setting. */
	public const OPTION = 'authsignal_whatsapp_settings';

	/** Authsignal's Server API per region (the Client API is the same URL + `/client`). */
	public const REGION_API_URLS = array(
		'us' => 'https://api.authsignal.com/v1',
		'au' => 'https://au.api.authsignal.com/v1',
		'eu' => 'https://eu.api.authsignal.com/v1',
		'ca' => 'https://ca.api.authsignal.com/v1',
	);

	/** What people without a number on file get at a sign-in that asks for WhatsApp. */
	public const WITHOUT_PHONE_ALLOW = 'allow';
	public const WITHOUT_PHONE_BLOCK = 'block';

	/**
	 * Every setting with its default.
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults(): array {
		return array(
			'secret_key'    => '',
			'region'        => 'us',
			'api_url'       => '',
			'action'        => Validation::DEFAULT_ACTION,
			'login_enabled' => false,
			'login_roles'   => array( 'administrator' ),
			'without_phone' => self::WITHOUT_PHONE_ALLOW,
		);
	}

	/**
	 * The stored settings over the defaults.
	 *
	 * @return array<string, mixed>
	 */
	public static function all(): array {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/** Whether wp-config.php defines the secret key. */
	public static function secret_key_from_constant(): bool {
		return defined( 'AUTHSIGNAL_SECRET_KEY' ) && is_string( AUTHSIGNAL_SECRET_KEY ) && '' !== AUTHSIGNAL_SECRET_KEY;
	}

	/** Whether wp-config.php defines the API URL. */
	public static function api_url_from_constant(): bool {
		return defined( 'AUTHSIGNAL_API_URL' ) && is_string( AUTHSIGNAL_API_URL ) && '' !== AUTHSIGNAL_API_URL;
	}

	/** The Server API secret key; only ever sent to the Server API. */
	public static function secret_key(): string {
		if ( self::secret_key_from_constant() ) {
			return AUTHSIGNAL_SECRET_KEY;
		}
		$key = self::all()['secret_key'];
		return is_string( $key ) ? $key : '';
	}

	/**
	 * The Server API base URL, e.g. https://api.authsignal.com/v1. A secret key from
	 * wp-config.php goes only to a URL from wp-config.php or to one of Authsignal's regions,
	 * never to the Custom API URL of the settings page: an administrator who may not read
	 * the key must not be able to send it to their own server.
	 */
	public static function api_url(): string {
		if ( self::api_url_from_constant() ) {
			return Validation::api_url( AUTHSIGNAL_API_URL ) ?? self::REGION_API_URLS['us'];
		}
		$settings = self::all();
		$custom   = self::custom_api_url_applies() ? Validation::api_url( $settings['api_url'] ) : null;
		if ( null !== $custom ) {
			return $custom;
		}
		return self::REGION_API_URLS[ Validation::region( $settings['region'] ) ?? 'us' ];
	}

	/** Whether the settings page's Custom API URL is used (not when the key comes from wp-config.php). */
	public static function custom_api_url_applies(): bool {
		return ! self::secret_key_from_constant();
	}

	/**
	 * How the element finds the Client API: `region` for a standard region, else `base-url`.
	 *
	 * @return array<string, string> One attribute name => value.
	 */
	public static function client_api_attributes(): array {
		$api_url = self::api_url();
		$region  = array_search( $api_url, self::REGION_API_URLS, true );
		return false !== $region ? array( 'region' => (string) $region ) : array( 'base-url' => $api_url . '/client' );
	}

	/** The action code pages use when they name none. */
	public static function default_action(): string {
		return Validation::action_code( self::all()['action'] ) ?? Validation::DEFAULT_ACTION;
	}

	/** Whether the plugin can call the Server API at all. */
	public static function is_configured(): bool {
		return '' !== self::secret_key();
	}

	/**
	 * Whether signing in as this user takes a WhatsApp code. Whether a key is set plays no
	 * part: without one the sign-in is refused (fails closed), not let through.
	 *
	 * @param \WP_User $user The user who gave a correct password.
	 */
	public static function login_requires_whatsapp( \WP_User $user ): bool {
		$settings = self::all();
		if ( empty( $settings['login_enabled'] ) ) {
			return false;
		}
		$roles = is_array( $settings['login_roles'] ) ? $settings['login_roles'] : array();
		return (bool) array_intersect( $roles, (array) $user->roles );
	}

	/** What happens to people without a number on file when the sign-in asks for WhatsApp. */
	public static function without_phone(): string {
		return self::WITHOUT_PHONE_BLOCK === self::all()['without_phone'] ? self::WITHOUT_PHONE_BLOCK : self::WITHOUT_PHONE_ALLOW;
	}
}
