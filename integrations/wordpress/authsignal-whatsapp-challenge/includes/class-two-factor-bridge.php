<?php
/**
 * Beside WordPress's Two Factor plugin: when it is active, WhatsApp (Authsignal) is one of its
 * providers (class-authsignal-whatsapp-two-factor-provider.php, loaded by Two Factor itself through the
 * `two_factor_providers` filter), and the plugin's own sign-in step stays out of the way: Two
 * Factor decides when a second factor is asked, and its backup codes are the recovery.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Registers the provider and switches the plugin's own step off under Two Factor.
 */
final class Two_Factor_Bridge {

	/** The provider's class (and Two Factor's key for it): no namespace, Two Factor posts it back as-is. */
	public const PROVIDER = 'Authsignal_WhatsApp_Two_Factor_Provider';

	/** Hooks. */
	public static function register_hooks(): void {
		add_filter( 'two_factor_providers', array( self::class, 'add_provider' ) );
		add_filter( 'authsignal_whatsapp_login_step_enabled', array( self::class, 'login_step_enabled' ) );
	}

	/** Whether WordPress's Two Factor plugin is active. */
	public static function is_active(): bool {
		return class_exists( 'Two_Factor_Core' );
	}

	/**
	 * Adds the provider.
	 *
	 * @param array<string, string> $providers Class name => file.
	 * @return array<string, string>
	 */
	public static function add_provider( $providers ) {
		$providers                   = is_array( $providers ) ? $providers : array();
		$providers[ self::PROVIDER ] = __DIR__ . '/class-authsignal-whatsapp-two-factor-provider.php';
		return $providers;
	}

	/**
	 * The plugin's own step is off while Two Factor is active.
	 *
	 * @param bool $enabled Whether the step applies so far.
	 */
	public static function login_step_enabled( $enabled ): bool {
		return (bool) $enabled && ! self::is_active();
	}

	/**
	 * A number just verified from the profile: under Two Factor, the provider is enabled for the user.
	 *
	 * @param int $user_id The user.
	 */
	public static function number_verified( int $user_id ): void {
		if ( self::is_active() && is_callable( array( 'Two_Factor_Core', 'enable_provider_for_user' ) ) ) {
			\Two_Factor_Core::enable_provider_for_user( $user_id, self::PROVIDER );
		}
	}
}
