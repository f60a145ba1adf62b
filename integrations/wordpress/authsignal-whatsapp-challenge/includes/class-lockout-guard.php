<?php
/**
 * Keeps administrators from locking themselves out from the settings page: the sign-in step
 * is not switched on for the saving administrator's own role while they have no verified
 * number; and the page says when wp-config.php (AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP) or
 * Two Factor switches the step off.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * The lockout checks of the settings page.
 */
final class Lockout_Guard {

	/** Whether wp-config.php switches the sign-in step off. */
	public static function step_disabled_by_constant(): bool {
		return defined( 'AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP' ) && AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP;
	}

	/**
	 * Whether the user has a number that a code has verified.
	 *
	 * @param int $user_id The user.
	 */
	public static function has_verified_number( int $user_id ): bool {
		return '' !== Phone_Field::get( $user_id ) && (int) get_user_meta( $user_id, Verify_Handler::VERIFIED_AT_META, true ) > 0;
	}

	/**
	 * The settings about to be saved, with the step kept as it was when it would newly apply
	 * to the saving administrator, who has no verified number (with a message saying why).
	 *
	 * @param array<string, mixed> $settings The cleaned settings.
	 * @param array<string, mixed> $current  The settings saved so far.
	 * @return array<string, mixed>
	 */
	public static function refuse_own_lockout( array $settings, array $current ): array {
		$user = wp_get_current_user();
		if ( ! $user->exists() || self::step_disabled_by_constant() || Two_Factor_Bridge::is_active() || self::has_verified_number( $user->ID ) ) {
			return $settings;
		}
		if ( ! self::applies_to( $settings, $user ) || self::applies_to( $current, $user ) ) {
			return $settings;
		}
		$settings['login_enabled'] = ! empty( $current['login_enabled'] );
		$settings['login_roles']   = is_array( $current['login_roles'] ?? null ) ? $current['login_roles'] : array();
		add_settings_error(
			Settings::OPTION,
			'login_own_role',
			__( 'The WhatsApp step at sign-in was not switched on for your own role: you have no verified WhatsApp number yet, so you could not sign in again. Add your number on your profile and enter the code sent to it (and generate backup codes), then switch the step on.', 'authsignal-whatsapp-challenge' )
		);
		return $settings;
	}

	/**
	 * Whether these settings ask the user for a WhatsApp code at sign-in.
	 *
	 * @param array<string, mixed> $settings Settings.
	 * @param \WP_User             $user     The user.
	 */
	private static function applies_to( array $settings, \WP_User $user ): bool {
		return ! empty( $settings['login_enabled'] ) && (bool) array_intersect( (array) ( $settings['login_roles'] ?? array() ), (array) $user->roles );
	}

	/** The settings page's notices about what switches the step off. */
	public static function render_notices(): void {
		if ( self::step_disabled_by_constant() ) {
			?>
			<div class="notice notice-warning inline" id="authsignal-step-disabled-by-constant"><p><?php esc_html_e( 'AUTHSIGNAL_WHATSAPP_DISABLE_LOGIN_STEP is set in wp-config.php: nobody is asked for a WhatsApp code at sign-in, whatever this page says. Remove it from wp-config.php once you can sign in again.', 'authsignal-whatsapp-challenge' ); ?></p></div>
			<?php
		}
		if ( Two_Factor_Bridge::is_active() ) {
			?>
			<div class="notice notice-info inline" id="authsignal-two-factor-active"><p><?php esc_html_e( 'The Two Factor plugin is active: it decides when a second factor is asked, and WhatsApp (Authsignal) is one of its methods, set up by each user on their profile. The sign-in step below is not used while Two Factor is active; Two Factor\'s recovery codes are the recovery.', 'authsignal-whatsapp-challenge' ); ?></p></div>
			<?php
		}
	}
}
